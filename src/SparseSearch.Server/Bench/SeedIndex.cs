using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Service;
using SparseSearch.Text;

namespace SparseSearch.Server.Bench;

/// <summary>
/// Builds a starting index of BEIR documents from the corpus's pre-encoded splade-tiny and MiniLM vectors (fast: no
/// model runs) with their title and text, for the serve benchmark and the server tests. The index is created as the
/// service creates one (<see cref="IndexCreation"/>: schema, model folders and identities in the commit), so the
/// server loads the real models for queries and takes document writes encoded with them.
/// </summary>
/// <remarks>
/// Not the bulk indexer's pre-encoded import: that stores <c>contents</c> as untitled text and records the dense
/// vectors as "pre-encoded" rather than MiniLM's, so the service would refuse to add live-encoded documents.
/// </remarks>
internal static class SeedIndex
{
    /// <summary>Creates <paramref name="directory"/> holding the <paramref name="seed"/> documents.</summary>
    /// <exception cref="InvalidDataException">A seed document has no vector in the pre-encoded files.</exception>
    public static void Build(string directory, string dataFolder, string modelsRoot, IReadOnlyList<BeirDocument> seed)
    {
        string enc = Path.Combine(dataFolder, "encoded");
        string sparseModel = Path.Combine(modelsRoot, "splade-tiny"), denseModel = Path.Combine(modelsRoot, "all-MiniLM-L6-v2");
        var wanted = new Dictionary<string, BeirDocument>(StringComparer.Ordinal);
        foreach (var d in seed) wanted[d.Id] = d;
        var dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var v in PreEncodedReader.ReadDense(Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"), 384))
        {
            if (wanted.ContainsKey(v.Id)) dense[v.Id] = v.Vector;
            if (dense.Count == wanted.Count) break;
        }
        IndexCreation.Create(directory, sparseModel, denseModel);
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(sparseModel, "tokenizer.json"));
        using var writer = IndexWriter.Open(directory);
        int added = 0;
        foreach (var v in PreEncodedTermIdReader.Read(Path.Combine(enc, "splade-tiny.corpus.jsonl.gz"), tokenizer.TryGetId))
        {
            if (!wanted.TryGetValue(v.Id, out var doc)) continue;
            if (!dense.TryGetValue(v.Id, out var vector))
                throw new InvalidDataException($"{enc}: document {v.Id} has no MiniLM vector");
            writer.Upsert(new IndexDocument(v.Id, v.Vector, doc.Title, doc.Text, Dense: vector));
            if (++added == wanted.Count) break;
        }
        if (added != wanted.Count)
            throw new InvalidDataException($"{enc}: only {added} of the {wanted.Count} seed documents have pre-encoded vectors");
        writer.Commit();
    }
}

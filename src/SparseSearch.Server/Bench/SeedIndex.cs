using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using SparseSearch.Service;
using SparseSearch.Text;

namespace SparseSearch.Server.Bench;

/// <summary>
/// Builds the benchmark's starting index from a BEIR corpus's pre-encoded splade-tiny and MiniLM vectors (fast: no
/// model runs), recording the model folders so the server loads the real models for queries and live indexing.
/// </summary>
internal static class SeedIndex
{
    public static void Build(string directory, string dataFolder, string modelsRoot, IReadOnlyList<BeirDocument> seed)
    {
        string enc = Path.Combine(dataFolder, "encoded");
        string sparseModel = Path.Combine(modelsRoot, "splade-tiny"), denseModel = Path.Combine(modelsRoot, "all-MiniLM-L6-v2");
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(sparseModel, "tokenizer.json"));
        var wanted = new Dictionary<string, BeirDocument>(StringComparer.Ordinal);
        foreach (var d in seed) wanted[d.Id] = d;
        var dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var v in PreEncodedReader.ReadDense(Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"), 384))
            if (wanted.ContainsKey(v.Id)) dense[v.Id] = v.Vector;
        var schema = new IndexSchema
        {
            VocabSize = tokenizer.VocabSize,
            SparseModel = "splade-tiny",
            SparseModelChecksum = tokenizer.VocabularyChecksum,
            DenseDimension = 384,
            DenseModel = "all-MiniLM-L6-v2",
            ImpactScale = IndexCreation.DefaultImpactScale,
        };
        using var writer = IndexWriter.Create(directory, schema);
        var pairs = new List<KeyValuePair<int, float>>();
        foreach (var v in PreEncodedReader.ReadSparse(Path.Combine(enc, "splade-tiny.corpus.jsonl.gz")))
        {
            if (!wanted.TryGetValue(v.Id, out var doc)) continue;
            pairs.Clear();
            for (int i = 0; i < v.Count; i++)
            {
                if (!tokenizer.TryGetId(v.Tokens[i], out int id))
                    throw new InvalidDataException($"{enc}: document {v.Id} has token \"{v.Tokens[i]}\", which is not in the splade-tiny vocabulary");
                if (!tokenizer.IsSpecialId(id) && v.Weights[i] > 0f) pairs.Add(new(id, v.Weights[i]));
            }
            writer.Upsert(new IndexDocument(v.Id, SparseVector.FromPairs(pairs), doc.Title, doc.Text, Dense: dense.GetValueOrDefault(v.Id)));
        }
        writer.Commit(new Dictionary<string, string>
        {
            [ModelPaths.SparseModelKey] = Path.GetFullPath(sparseModel),
            [ModelPaths.DenseModelKey] = Path.GetFullPath(denseModel),
            [ModelPaths.IdfFileKey] = Path.GetFullPath(Path.Combine(modelsRoot, "opensearch-idf", "idf.json")),
        });
    }
}

using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Text;

namespace SparseSearch.Search.Query.Bench;

/// <summary>What <see cref="PreEncodedIndexBuilder"/> reads.</summary>
public sealed record PreEncodedIndexSource
{
    /// <summary>Sparse document vectors (Anserini JsonVectorCollection, wordpiece token → weight; .gz allowed).</summary>
    public required string SparseVectors { get; init; }

    /// <summary>The sparse model's tokenizer.json (maps tokens to ids; its checksum is recorded in the schema).</summary>
    public required string Tokenizer { get; init; }

    /// <summary>Sparse model name recorded in the schema (resolves under a models folder at query time).</summary>
    public string SparseModelName { get; init; } = "splade-tiny";

    /// <summary>Optional dense vectors (<c>{"id", "vector": [floats]}</c> per line); every document must have one.</summary>
    public string? DenseVectors { get; init; }

    /// <summary>Dense model name recorded in the schema.</summary>
    public string? DenseModelName { get; init; } = "all-MiniLM-L6-v2";

    /// <summary>Dense dimension (required with <see cref="DenseVectors"/>).</summary>
    public int DenseDimension { get; init; } = 384;

    /// <summary>Also build the BM25 field (English analyzer, k1 0.9, b 0.4) over the stored title + text.</summary>
    public bool Bm25 { get; init; }

    /// <summary>Optional BEIR corpus.jsonl whose title and text are stored (else the vectors' <c>contents</c>).</summary>
    public string? Corpus { get; init; }
}

/// <summary>
/// Builds an index from vectors encoded elsewhere, for query tests and benchmarks: special tokens are dropped (as
/// the encoders do), one commit at the end. The bulk indexing pipeline (Indexing/) is the product path; this one
/// exists so a query benchmark does not wait minutes for document encoding.
/// </summary>
public static class PreEncodedIndexBuilder
{
    /// <summary>Creates the index in <paramref name="indexDirectory"/> (which must not hold one); returns the document count.</summary>
    public static int Build(PreEncodedIndexSource source, string indexDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tokenizer = WordPieceTokenizer.FromFile(source.Tokenizer);
        Dictionary<string, BeirDocument>? stored = null;
        if (source.Corpus is not null)
        {
            stored = new Dictionary<string, BeirDocument>(StringComparer.Ordinal);
            foreach (var d in BeirCorpusReader.Read(source.Corpus))
                stored[d.Id] = d;
        }
        Dictionary<string, float[]>? dense = null;
        if (source.DenseVectors is not null)
        {
            dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var v in PreEncodedReader.ReadDense(source.DenseVectors, source.DenseDimension))
                dense[v.Id] = v.Vector;
        }
        var schema = new IndexSchema
        {
            VocabSize = tokenizer.VocabSize,
            SparseModel = source.SparseModelName,
            SparseModelChecksum = tokenizer.VocabularyChecksum,
            DenseDimension = dense is null ? 0 : source.DenseDimension,
            DenseModel = dense is null ? null : source.DenseModelName,
            Bm25 = source.Bm25 ? new Bm25FieldSchema() : null,
        };
        int n = 0;
        using var writer = IndexWriter.Create(indexDirectory, schema, new IndexWriterOptions { MergePolicy = null });
        var pairs = new List<KeyValuePair<int, float>>();
        foreach (var v in PreEncodedReader.ReadSparse(source.SparseVectors))
        {
            pairs.Clear();
            for (int i = 0; i < v.Count; i++)
            {
                if (!tokenizer.TryGetId(v.Tokens[i], out int id))
                    throw new InvalidDataException($"{source.SparseVectors}: document {v.Id} has token \"{v.Tokens[i]}\", which is not in the vocabulary of {source.Tokenizer}.");
                if (!tokenizer.IsSpecialId(id) && v.Weights[i] > 0f)
                    pairs.Add(new(id, v.Weights[i]));
            }
            string? title = null, text = v.Contents;
            if (stored is not null)
            {
                if (!stored.TryGetValue(v.Id, out var doc))
                    throw new InvalidDataException($"{source.SparseVectors}: document {v.Id} is not in the corpus {source.Corpus}.");
                title = doc.Title;
                text = doc.Text;
            }
            float[]? vector = null;
            if (dense is not null && !dense.TryGetValue(v.Id, out vector))
                throw new InvalidDataException($"{source.DenseVectors}: no dense vector for document {v.Id}.");
            writer.Upsert(new IndexDocument(v.Id, SparseVector.FromPairs(pairs), title, text, Dense: vector));
            n++;
        }
        writer.Commit();
        return n;
    }
}

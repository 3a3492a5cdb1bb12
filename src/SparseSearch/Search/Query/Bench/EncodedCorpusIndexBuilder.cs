using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Index;

namespace SparseSearch.Search.Query.Bench;

/// <summary>
/// Builds a small evaluation index by encoding a BEIR corpus with the real models (document text = title + " " +
/// text, as the reference runs), for query benchmarks on sets that have no pre-encoded vectors (Cranfield, CACM).
/// The bulk indexing pipeline (Indexing/, <c>sparsesearch index</c>) is the product path with resumability and
/// progress; this is the minimal loop a benchmark needs.
/// </summary>
public static class EncodedCorpusIndexBuilder
{
    /// <summary>Encodes and indexes every document of <paramref name="corpus"/>; returns the document count.</summary>
    public static int Build(string corpus, SpladeEncoder sparse, DenseEncoder? dense, string indexDirectory, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        var docs = BeirCorpusReader.Read(corpus).ToList();
        var schema = new IndexSchema
        {
            VocabSize = sparse.Model.Tokenizer.VocabSize,
            SparseModel = sparse.Model.Manifest.Name,
            SparseModelChecksum = sparse.Model.Tokenizer.VocabularyChecksum,
            DenseDimension = dense?.Dimension ?? 0,
            DenseModel = dense?.Model.Manifest.Name,
        };
        using var writer = IndexWriter.Create(indexDirectory, schema, new IndexWriterOptions { MergePolicy = null });
        const int Chunk = 256;
        for (int start = 0; start < docs.Count; start += Chunk)
        {
            var slice = docs.GetRange(start, Math.Min(Chunk, docs.Count - start));
            var texts = slice.Select(d => d.FullText).ToList();
            var s = sparse.Encode(texts);
            var v = dense?.Encode(texts);
            for (int i = 0; i < slice.Count; i++)
                writer.Upsert(new IndexDocument(slice[i].Id, s[i].Vector, slice[i].Title, slice[i].Text, Dense: v?[i].Vector));
            log?.Invoke($"encoded {start + slice.Count}/{docs.Count}");
        }
        writer.Commit();
        return docs.Count;
    }
}

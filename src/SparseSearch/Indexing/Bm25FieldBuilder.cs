using SparseSearch.Encoding.Bm25;
using SparseSearch.Text.Analysis;

namespace SparseSearch.Indexing;

/// <summary>
/// Analyses title + text for the BM25 field (term frequencies and field length, <see cref="TermFrequencies"/>) into
/// <see cref="DocumentFields.Bm25"/>. The index engine does not store a BM25 field yet: this builder is the pipeline
/// side of it, ready for when the segment side exists (the writer stage then passes the payload on).
/// </summary>
public sealed class Bm25FieldBuilder(ITextAnalyzer analyzer) : IDocumentFieldBuilder
{
    private readonly ITextAnalyzer _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));

    /// <inheritdoc />
    public string Name => "bm25";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
    {
        // Analysis is CPU-bound and per document independent; the analyzers are thread-safe.
        Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellation },
            i => fields[i].Bm25 = TermFrequencies.Count(_analyzer, documents[i].FullText));
    }
}

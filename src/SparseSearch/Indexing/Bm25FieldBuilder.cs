using SparseSearch.Encoding.Bm25;
using SparseSearch.Index;
using SparseSearch.Text.Analysis;

namespace SparseSearch.Indexing;

/// <summary>
/// Analyses title + text for the index's BM25 field (<see cref="Bm25FieldSchema"/>: its analyzer and text composition)
/// into <see cref="DocumentFields.Bm25"/>, which the writer stage passes on as <see cref="IndexDocument.Bm25Terms"/>, so
/// the index writer does no analysis itself.
/// </summary>
public sealed class Bm25FieldBuilder : IDocumentFieldBuilder
{
    private readonly ITextAnalyzer _analyzer;

    /// <summary>A builder for <paramref name="field"/> (the index's BM25 field schema).</summary>
    public Bm25FieldBuilder(Bm25FieldSchema field)
    {
        ArgumentNullException.ThrowIfNull(field);
        _analyzer = field.CreateAnalyzer();
    }

    /// <inheritdoc />
    public string Name => "bm25";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
    {
        // Analysis is CPU-bound and independent per document; the analyzers are thread-safe.
        Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellation },
            i => fields[i].Bm25 = TermFrequencies.Count(_analyzer, Bm25FieldSchema.ComposeText(documents[i].Title, documents[i].Text)));
    }
}

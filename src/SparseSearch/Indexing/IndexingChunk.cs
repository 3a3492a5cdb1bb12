namespace SparseSearch.Indexing;

/// <summary>A run of consecutive input lines moving through the pipeline: its documents, its skipped lines and, after
/// the encode stage, the documents' fields. Committing it means every line up to <see cref="EndLine"/> is done.</summary>
internal sealed class IndexingChunk
{
    public List<SourceDocument> Documents { get; } = new();

    public List<SkippedLine> Skipped { get; } = new();

    public long EndLine { get; set; }

    public long Chars { get; set; }

    public DocumentFields[]? Fields { get; set; }
}

using SparseSearch.Search.Query;

namespace SparseSearch.Service;

/// <summary>How an <see cref="IndexService"/> runs one index directory. Nothing here comes from a request.</summary>
public sealed record IndexServiceOptions
{
    /// <summary>The index directory (must hold an index; see <see cref="IndexCreation"/> to make one).</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>Explicit model locations; unset ones are resolved from the index's records and <see cref="ModelsRoot"/>.</summary>
    public ModelPaths? Models { get; init; }

    /// <summary>Folder holding the default models (e.g. the checkout's <c>onnx-models</c>), or null.</summary>
    public string? ModelsRoot { get; init; }

    /// <summary>How often pending writes are committed and made searchable (zero or negative = only on demand).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most documents accepted in one bulk upsert.</summary>
    public int MaxBatchDocuments { get; init; } = 1000;

    /// <summary>Longest document (title + text + metadata), in characters.</summary>
    public int MaxDocumentChars { get; init; } = 200_000;

    /// <summary>Longest document id, in characters.</summary>
    public int MaxIdChars { get; init; } = 512;

    /// <summary>Documents encoded per model call; bounds the memory of one bulk request.</summary>
    public int EncodeChunkDocuments { get; init; } = 32;

    /// <summary>Bulk requests encoding at once; further requests wait (bounded memory and CPU).</summary>
    public int MaxConcurrentEncodes { get; init; } = 2;

    /// <summary>Reorder documents by similarity when the writer's background merges build big segments
    /// (<see cref="SparseSearch.Index.IndexWriterOptions.ReorderOnMerge"/>, from
    /// <see cref="SparseSearch.Index.IndexWriterOptions.ReorderMinDocs"/> documents, into 4-document blocks): the layout
    /// the fast rank-safe and approximate BlockMax paths need. Default true; false saves the merge time.</summary>
    public bool ReorderOnMerge { get; init; } = true;

    /// <summary>Read every segment's postings and forward index into memory instead of mapping them
    /// (<see cref="SparseSearch.Index.IndexWriterOptions.Preload"/>): no slow first queries after a start or a merge,
    /// and faster pruned queries, for memory equal to those files' size. Default false.</summary>
    public bool Preload { get; init; }

    /// <summary>Search limits (k, depth, query length…).</summary>
    public SearchLimits SearchLimits { get; init; } = SearchLimits.Default;
}

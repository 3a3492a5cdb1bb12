using SparseSearch.Index.Merge;

namespace SparseSearch.Index;

/// <summary>Writer settings.</summary>
public sealed record IndexWriterOptions
{
    /// <summary>Flush a segment when this many documents are buffered.</summary>
    public int MaxBufferedDocs { get; init; } = 100_000;

    /// <summary>Flush a segment when the buffer's estimated size exceeds this.</summary>
    public long MaxBufferedBytes { get; init; } = 256L << 20;

    /// <summary>Verify the CRC-32C of existing segments when the writer opens them (and of snapshots it opens).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Merge policy; null disables automatic merges (ForceMerge still works).</summary>
    public TieredMergePolicy? MergePolicy { get; init; } = new();

    /// <summary>Run policy merges on a background task (true) or synchronously after each flush (false).</summary>
    public bool BackgroundMerges { get; init; } = true;

    /// <summary>Reorder documents by similarity when merging (clustered layout: tight block upper bounds for
    /// <see cref="SparseSearch.Search.PruningAlgorithm.BlockMax"/>); costs merge time (graph bisection runs at
    /// roughly 5k docs/s). Policy merges reorder only from <see cref="ReorderMinDocs"/> documents; forced merges
    /// (<see cref="IndexWriter.ForceMerge"/>, <see cref="IndexWriter.ForceMergeDeletes"/>) always do.</summary>
    public bool ReorderOnMerge { get; init; }

    /// <summary>With <see cref="ReorderOnMerge"/>, a background (policy) merge reorders only when the merged segment
    /// has at least this many documents (default 32,768): small segments are rewritten again soon by the next tier's
    /// merge, and scoring them is cheap either way, so reordering them would mostly burn merge time (Lucene's
    /// BPReorderingMergePolicy has the same kind of minimum). Forced merges ignore it.</summary>
    public int ReorderMinDocs
    {
        get => _reorderMinDocs;
        init => _reorderMinDocs = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(ReorderMinDocs), value, "must be >= 0");
    }

    private readonly int _reorderMinDocs = 32_768;

    /// <summary>Documents per block of the block upper bounds = 2^shift (default 6: 64 documents).</summary>
    public int DocBlockShift { get; init; } = Codec.SegmentFiles.DefaultDocBlockShift;
}

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
    /// <see cref="SparseSearch.Search.PruningAlgorithm.BlockMax"/>); costs merge time.</summary>
    public bool ReorderOnMerge { get; init; }

    /// <summary>Documents per block of the block upper bounds = 2^shift (default 6: 64 documents).</summary>
    public int DocBlockShift { get; init; } = Codec.SegmentFiles.DefaultDocBlockShift;
}

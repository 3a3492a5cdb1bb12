using SparseSearch.Index.Merge;

namespace SparseSearch.Index;

/// <summary>Writer settings. <see cref="IndexWriter.Create"/> and <see cref="IndexWriter.Open"/> reject values out of
/// range with an <see cref="ArgumentOutOfRangeException"/> naming the setting, before touching the directory.</summary>
public sealed record IndexWriterOptions
{
    /// <summary>Flush a segment when this many documents are buffered (at least 1).</summary>
    public int MaxBufferedDocs { get; init; } = 100_000;

    /// <summary>Flush a segment when the buffer's estimated size exceeds this many bytes (at least 1).</summary>
    public long MaxBufferedBytes { get; init; } = 256L << 20;

    /// <summary>Verify the CRC-32C of existing segments when the writer opens them (and of snapshots it opens).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Read the postings and forward index of every segment the writer opens (existing, flushed and merged)
    /// into memory instead of mapping them (<see cref="IndexReaderOptions.Preload"/>); its snapshots search them.</summary>
    public bool Preload { get; init; }

    /// <summary>Merge policy; null disables automatic merges (ForceMerge still works).</summary>
    public TieredMergePolicy? MergePolicy { get; init; } = new();

    /// <summary>Run policy merges on a background task (true) or synchronously after each flush (false).</summary>
    public bool BackgroundMerges { get; init; } = true;

    /// <summary>Reorder documents by similarity when merging (clustered layout: tight block upper bounds for
    /// <see cref="SparseSearch.Search.PruningAlgorithm.BlockMax"/>); costs merge time (a reordering force-merge of
    /// 100k SPLADE documents, ~145 terms each, takes about 4–5 s on 2 cores, graph bisection about half of it).
    /// Policy merges reorder only from <see cref="ReorderMinDocs"/> documents; forced merges
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

    /// <summary>Documents per block of the block upper bounds = 2^shift (default 6: 64 documents; 0 to
    /// <see cref="Codec.SegmentFiles.MaxDocBlockShift"/>) in segments kept in insertion order: flushes, and merges that
    /// do not reorder.</summary>
    public int DocBlockShift { get; init; } = Codec.SegmentFiles.DefaultDocBlockShift;

    /// <summary>The block size of reordered segments: 4 documents, the size the rank-safe BlockMax scorer and the
    /// BlockMax approximate default are tuned for (they only take that path on reordered blocks of at most 8). At 1M
    /// documents, 4-document blocks with 4-bit rows scored 4,660 documents per SPLADE query against 10,537 with 8-document
    /// byte rows, for 0.75 against 1.06 ms p50 (eval/results/index.md).</summary>
    public const int DefaultReorderedDocBlockShift = 2;

    /// <summary>Documents per block = 2^shift in segments a merge reorders by similarity (policy merges from
    /// <see cref="ReorderMinDocs"/> documents, forced merges with <see cref="ReorderOnMerge"/>); default
    /// <see cref="DefaultReorderedDocBlockShift"/>. Similar documents share blocks only after reordering, so small
    /// blocks pay there, while in insertion order they would only multiply the bounds to check.</summary>
    public int ReorderedDocBlockShift { get; init; } = DefaultReorderedDocBlockShift;

    /// <summary>The one rule for a segment's block size: <see cref="ReorderedDocBlockShift"/> when its documents were
    /// reordered, else <see cref="DocBlockShift"/>. Merges write by it and <see cref="IndexWriter.ForceMerge"/> rewrites
    /// segments that do not match it.</summary>
    public int DocBlockShiftFor(bool reordered) => reordered ? ReorderedDocBlockShift : DocBlockShift;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for the first setting out of range; the writer calls it
    /// on creation, so a bad value fails there instead of at the first flush or merge that uses it.</summary>
    internal void Validate()
    {
        if (MaxBufferedDocs < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedDocs), MaxBufferedDocs,
                "IndexWriterOptions.MaxBufferedDocs must be at least 1 (documents buffered before a flush).");
        if (MaxBufferedBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), MaxBufferedBytes,
                "IndexWriterOptions.MaxBufferedBytes must be at least 1 (buffer size in bytes that triggers a flush).");
        if (DocBlockShift is < 0 or > Codec.SegmentFiles.MaxDocBlockShift)
            throw new ArgumentOutOfRangeException(nameof(DocBlockShift), DocBlockShift,
                $"IndexWriterOptions.DocBlockShift must be between 0 and {Codec.SegmentFiles.MaxDocBlockShift} (blocks of 1 to {1 << Codec.SegmentFiles.MaxDocBlockShift} documents).");
        if (ReorderedDocBlockShift is < 0 or > Codec.SegmentFiles.MaxDocBlockShift)
            throw new ArgumentOutOfRangeException(nameof(ReorderedDocBlockShift), ReorderedDocBlockShift,
                $"IndexWriterOptions.ReorderedDocBlockShift must be between 0 and {Codec.SegmentFiles.MaxDocBlockShift} (blocks of 1 to {1 << Codec.SegmentFiles.MaxDocBlockShift} documents).");
        if (ReorderMinDocs < 0)
            throw new ArgumentOutOfRangeException(nameof(ReorderMinDocs), ReorderMinDocs,
                "IndexWriterOptions.ReorderMinDocs must be >= 0.");
    }
}

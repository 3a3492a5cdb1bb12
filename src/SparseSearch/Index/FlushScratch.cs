namespace SparseSearch.Index;

/// <summary>
/// Working arrays of <see cref="SegmentBuilder"/> kept by a writer from one flush to the next.
/// </summary>
/// <remarks>A flush of 250k documents needs ~500 MB of flat arrays. Fresh arrays cost a page fault per 4 KiB on first
/// touch, which measured as much as all the computing on them (about a second per 250k documents), and without a full
/// GC in between every flush got fresh ones. Reused arrays are already mapped. Arrays grow with headroom so a
/// slightly bigger next flush does not reallocate; the writer drops them at commit so an idle writer holds nothing.
/// Not thread-safe: one flush at a time (the writer's lock).</remarks>
internal sealed class FlushScratch
{
    private int[]? _ints1;
    private int[]? _ints2;
    private int[]? _ints3;
    private byte[]? _bytes1;
    private byte[]? _bytes2;
    private ulong[]? _longs;

    /// <summary>Doc-order term ids of the quantised postings.</summary>
    public int[] Terms(int length) => Get(ref _ints1, length);

    /// <summary>Doc-order impacts of the quantised postings.</summary>
    public byte[] Impacts(int length) => Get(ref _bytes1, length);

    /// <summary>Postings grouped by term-range bucket (inversion pass 1).</summary>
    public ulong[] Packed(int length) => Get(ref _longs, length);

    /// <summary>Docs of one inverted bucket.</summary>
    public int[] BucketDocs(int length) => Get(ref _ints2, length);

    /// <summary>Impacts of one inverted bucket.</summary>
    public byte[] BucketImpacts(int length) => Get(ref _bytes2, length);

    /// <summary>Per-document start offsets (length docs + 1).</summary>
    public int[] DocStarts(int length) => Get(ref _ints3, length);

    private static T[] Get<T>(ref T[]? slot, int length)
    {
        if (slot is null || slot.Length < length)
            slot = GC.AllocateUninitializedArray<T>((int)Math.Min(Array.MaxLength, length + (long)length / 8));
        return slot;
    }
}

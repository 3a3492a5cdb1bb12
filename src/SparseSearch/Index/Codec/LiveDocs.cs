using System.Numerics;
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// A segment's live-documents bitset (bit set = live). Generation 0 means "all live" and has no file; each later
/// generation is a new write-once file <c>seg_N_G.liv</c>, referenced from the commit.
/// <para><b>Format <c>.liv</c> (version 1)</b>: header (magic "SSLV", the segment id) · <c>u32 docCount ·
/// u32 deletedCount · u64 bits[ceil(docCount / 64)]</c> · footer. Bits past docCount are zero; deletedCount must equal
/// docCount − popcount(bits).</para>
/// </summary>
internal sealed class LiveDocs
{
    private readonly ulong[] _bits;

    public LiveDocs(int docCount)
    {
        DocCount = docCount;
        _bits = new ulong[(docCount + 63) / 64];
        for (int d = 0; d < docCount; d++)
            _bits[d >> 6] |= 1UL << (d & 63);
    }

    private LiveDocs(int docCount, ulong[] bits, int deleted)
    {
        DocCount = docCount;
        _bits = bits;
        DeletedCount = deleted;
    }

    public int DocCount { get; }
    public int DeletedCount { get; private set; }
    public int LiveCount => DocCount - DeletedCount;

    public bool IsLive(int doc) => (_bits[doc >> 6] & (1UL << (doc & 63))) != 0;

    /// <summary>Clears a doc; returns false when it was already deleted.</summary>
    public bool Delete(int doc)
    {
        ulong mask = 1UL << (doc & 63);
        if ((_bits[doc >> 6] & mask) == 0)
            return false;
        _bits[doc >> 6] &= ~mask;
        DeletedCount++;
        return true;
    }

    public LiveDocs Clone() => new(DocCount, (ulong[])_bits.Clone(), DeletedCount);

    public void Write(string path, byte[] segmentId)
    {
        using var output = new IndexOutput(path, SegmentFiles.LiveDocsMagic, SegmentFiles.Version, segmentId);
        output.WriteInt32(DocCount);
        output.WriteInt32(DeletedCount);
        output.WriteUInt64s(_bits);
        output.Finish();
    }

    public static LiveDocs Read(string path, byte[] segmentId, int expectedDocs, int expectedDeleted, bool verifyChecksum)
    {
        using var file = MappedFile.Open(path, SegmentFiles.LiveDocsMagic, SegmentFiles.Version, segmentId, verifyChecksum);
        int words = (expectedDocs + 63) / 64;
        file.CheckRange(file.BodyStart, 8 + 8L * words, "live docs");
        if (file.BodyEnd != file.BodyStart + 8 + 8L * words)
            throw new CorruptIndexException(path, "live-docs length does not match the segment's doc count");
        int docs = file.ReadInt32(file.BodyStart);
        int deleted = file.ReadInt32(file.BodyStart + 4);
        if (docs != expectedDocs || deleted != expectedDeleted)
            throw new CorruptIndexException(path, $"live docs for {docs} docs with {deleted} deleted; the commit says {expectedDocs} docs with {expectedDeleted} deleted");
        var bits = new ulong[words];
        file.Span(file.BodyStart + 8, 8 * words).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan()));
        int live = 0;
        foreach (var w in bits)
            live += BitOperations.PopCount(w);
        if (words > 0 && (docs & 63) != 0 && (bits[^1] >> (docs & 63)) != 0)
            throw new CorruptIndexException(path, "bits set past the last document");
        if (docs - live != deleted)
            throw new CorruptIndexException(path, $"deleted count {deleted} disagrees with the bitset ({docs - live})");
        return new LiveDocs(docs, bits, deleted);
    }
}

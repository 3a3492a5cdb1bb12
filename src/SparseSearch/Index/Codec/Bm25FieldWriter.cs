using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes a segment's BM25 field: term dictionary (<c>seg_N.btm</c>), postings (<c>seg_N.bps</c>) and length norms
/// (<c>seg_N.bnm</c>). Terms arrive one at a time in ascending UTF-8 byte order (flush and merge both produce that
/// order), so postings stream to disk; only the dictionary (term bytes + one entry per term) is held until
/// <see cref="Finish"/>. All integers little-endian; every file has the common header and CRC-32C footer.
/// <para><b>Format <c>.bps</c> (version 1)</b>: header (magic "SSBP") · per term, in dictionary order, starting
/// 4-byte aligned at the offset its dictionary entry gives: the skip table, nb = ceil(df / 128) entries of
/// <c>u32 lastDoc · u32 dataOffset · u32 maxTf · u32 minNorm</c> (16 bytes; dataOffset is relative to the end of the
/// skip table; maxTf and minNorm bound the block's scores, since BM25 grows with tf and shrinks with the length norm)
/// · then the blocks' data: per posting, <c>varint docDelta · varint tf</c> (LEB128; docDelta = doc − previous doc,
/// the previous doc of a block's first posting being the last doc of the block before, or −1; so deltas are ≥ 1 and
/// tf ≥ 1) — then the trailer <c>u32 docCount · u32 termCount · u64 totalPostings</c> (16 bytes) · footer.</para>
/// <para><b>Format <c>.btm</c> (version 1)</b>: header (magic "SSBT") · the term bytes, every term's UTF-8 bytes
/// concatenated in strictly ascending (unsigned byte-wise) order · align 8 · <c>u32 termStart[termCount + 1]</c>
/// (offsets into the term bytes; term i is [termStart[i], termStart[i+1])) · align 8 · per term a 32-byte entry
/// <c>i64 postingsOffset · i64 totalTermFreq · i32 df · i32 maxTf · i32 minNorm · i32 reserved</c> (postingsOffset
/// is absolute in <c>.bps</c>, ascending) · trailer <c>u32 termCount · u32 docCount · u64 bytesStart ·
/// u64 termStartOffset · u64 entriesOffset · i64 fieldDocCount · i64 sumTotalTermFreq</c> (48 bytes) · footer.
/// fieldDocCount (documents with at least one token) and sumTotalTermFreq (their tokens) are Lucene's per-segment
/// field statistics; the searcher sums them over the segments, deleted documents included, as Lucene does.
/// Lookup is a binary search over the sorted term bytes.</para>
/// <para><b>Format <c>.bnm</c> (version 1)</b>: header (magic "SSBN") · <c>u8 norm[docCount]</c> (Lucene's length
/// norm byte, <see cref="SparseSearch.Encoding.Bm25.LuceneLengthNorm"/>; 0 for a document without tokens) · align 8 ·
/// trailer <c>u32 docCount · u32 reserved</c> (8 bytes) · footer.</para>
/// </summary>
internal sealed class Bm25FieldWriter : IDisposable
{
    public const int SkipEntryLength = 16;
    public const int TermEntryLength = 32;
    public const int TermsTrailerLength = 48;
    public const int PostingsTrailerLength = 16;
    public const int NormsTrailerLength = 8;

    private readonly string _termsPath;
    private readonly byte[] _segmentId;
    private readonly int _docCount;
    private readonly byte[] _norms;
    private readonly IndexOutput _postings;
    private readonly string _normsPath;
    private byte[] _termBytes = new byte[1 << 16];
    private int _termBytesLength;
    private readonly List<int> _termStarts = new() { 0 };
    private readonly List<(long Offset, long TotalTermFreq, int Df, int MaxTf, int MinNorm)> _entries = new();
    private byte[] _data = new byte[1 << 12];
    private uint[] _skip = new uint[64];
    private long _totalPostings;
    private long _sumTotalTermFreq;

    /// <summary>Starts the field of a segment whose documents have the length norms <paramref name="norms"/> (one per doc).</summary>
    public Bm25FieldWriter(string termsPath, string postingsPath, string normsPath, byte[] segmentId, byte[] norms)
    {
        _termsPath = termsPath;
        _normsPath = normsPath;
        _segmentId = segmentId;
        _norms = norms;
        _docCount = norms.Length;
        _postings = new IndexOutput(postingsPath, Bm25Files.PostingsMagic, SegmentFiles.Version, segmentId);
    }

    /// <summary>The last added term's bytes, for order checks.</summary>
    private ReadOnlySpan<byte> LastTerm => _entries.Count == 0
        ? default
        : _termBytes.AsSpan(_termStarts[^2], _termStarts[^1] - _termStarts[^2]);

    /// <summary>Appends a term with its postings (strictly ascending docs, tf ≥ 1).</summary>
    public void AddTerm(ReadOnlySpan<byte> term, ReadOnlySpan<int> docs, ReadOnlySpan<int> tfs)
    {
        if (docs.Length == 0 || docs.Length != tfs.Length)
            throw new ArgumentException("A term needs at least one posting and one tf per doc.");
        if (_entries.Count > 0 && term.SequenceCompareTo(LastTerm) <= 0)
            throw new InvalidOperationException("BM25 terms must be added in strictly ascending UTF-8 order.");
        int nb = (docs.Length + Bm25Files.BlockSize - 1) / Bm25Files.BlockSize;
        if (_skip.Length < nb * 4)
            _skip = new uint[Math.Max(nb * 4, _skip.Length * 2)];
        int used = 0, prev = -1, maxTf = 0, minNorm = 255;
        long ttf = 0;
        for (int b = 0; b < nb; b++)
        {
            int start = b * Bm25Files.BlockSize, end = Math.Min(docs.Length, start + Bm25Files.BlockSize);
            int blockMaxTf = 0, blockMinNorm = 255;
            _skip[4 * b + 1] = (uint)used;
            for (int i = start; i < end; i++)
            {
                int doc = docs[i], tf = tfs[i];
                if (doc <= prev || doc >= _docCount || tf < 1)
                    throw new InvalidOperationException($"Invalid posting (doc {doc} after {prev}, tf {tf}) in a segment of {_docCount} docs.");
                if (_data.Length - used < 10)
                    Array.Resize(ref _data, _data.Length * 2);
                used = WriteVar(_data, used, (uint)(doc - prev));
                used = WriteVar(_data, used, (uint)tf);
                prev = doc;
                ttf += tf;
                blockMaxTf = Math.Max(blockMaxTf, tf);
                blockMinNorm = Math.Min(blockMinNorm, _norms[doc]);
            }
            _skip[4 * b] = (uint)prev;
            _skip[4 * b + 2] = (uint)blockMaxTf;
            _skip[4 * b + 3] = (uint)blockMinNorm;
            maxTf = Math.Max(maxTf, blockMaxTf);
            minNorm = Math.Min(minNorm, blockMinNorm);
        }
        _postings.Align(4);
        long offset = _postings.Position;
        _postings.WriteUInt32s(_skip.AsSpan(0, 4 * nb));
        _postings.WriteBytes(_data.AsSpan(0, used));
        _totalPostings += docs.Length;
        _sumTotalTermFreq += ttf;

        if (_termBytes.Length - _termBytesLength < term.Length)
            Array.Resize(ref _termBytes, Math.Max(_termBytes.Length * 2, _termBytesLength + term.Length));
        term.CopyTo(_termBytes.AsSpan(_termBytesLength));
        _termBytesLength += term.Length;
        _termStarts.Add(_termBytesLength);
        _entries.Add((offset, ttf, docs.Length, maxTf, minNorm));
    }

    /// <summary>Sum of the tfs added so far: the segment's sumTotalTermFreq.</summary>
    public long SumTotalTermFreq => _sumTotalTermFreq;

    /// <summary>Writes the dictionary and norms and completes the postings; every file is fsynced on return.</summary>
    public void Finish()
    {
        _postings.Align(4);
        _postings.WriteInt32(_docCount);
        _postings.WriteInt32(_entries.Count);
        _postings.WriteInt64(_totalPostings);
        _postings.Finish();

        long fieldDocs = 0;
        foreach (var n in _norms)
            if (n != 0) fieldDocs++;
        using (var terms = new IndexOutput(_termsPath, Bm25Files.TermsMagic, SegmentFiles.Version, _segmentId))
        {
            long bytesStart = terms.Position;
            terms.WriteBytes(_termBytes.AsSpan(0, _termBytesLength));
            terms.Align(8);
            long startsOffset = terms.Position;
            foreach (var s in _termStarts)
                terms.WriteInt32(s);
            terms.Align(8);
            long entriesOffset = terms.Position;
            foreach (var e in _entries)
            {
                terms.WriteInt64(e.Offset);
                terms.WriteInt64(e.TotalTermFreq);
                terms.WriteInt32(e.Df);
                terms.WriteInt32(e.MaxTf);
                terms.WriteInt32(e.MinNorm);
                terms.WriteInt32(0);
            }
            terms.WriteInt32(_entries.Count);
            terms.WriteInt32(_docCount);
            terms.WriteInt64(bytesStart);
            terms.WriteInt64(startsOffset);
            terms.WriteInt64(entriesOffset);
            terms.WriteInt64(fieldDocs);
            terms.WriteInt64(_sumTotalTermFreq);
            terms.Finish();
        }
        using (var norms = new IndexOutput(_normsPath, Bm25Files.NormsMagic, SegmentFiles.Version, _segmentId))
        {
            norms.WriteBytes(_norms);
            norms.Align(8);
            norms.WriteInt32(_docCount);
            norms.WriteInt32(0);
            norms.Finish();
        }
    }

    public void Dispose() => _postings.Dispose();

    private static int WriteVar(byte[] buffer, int at, uint value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[at++] = (byte)value;
        return at;
    }
}

using System.Runtime.CompilerServices;

namespace SparseSearch.Index.Codec;

/// <summary>
/// One term's BM25 postings in a mapped <c>.bps</c> file: the skip table read in place, blocks decoded on demand into
/// caller buffers. Decoding never reads past the term's region and rejects impossible values (a delta of 0, a doc past
/// the segment, tf 0, a block not ending at its recorded last doc) with a <see cref="CorruptIndexException"/>.
/// </summary>
internal readonly unsafe struct Bm25TermPostings
{
    private readonly uint* _skip;
    private readonly byte* _data;
    private readonly byte* _end;
    private readonly int _docCount;
    private readonly string _path;

    public Bm25TermPostings(byte* start, byte* end, int df, int docCount, string path)
    {
        Count = df;
        BlockCount = Bm25FieldReader.BlockCount(df);
        _skip = (uint*)start;
        _data = start + (long)BlockCount * Bm25FieldWriter.SkipEntryLength;
        _end = end;
        _docCount = docCount;
        _path = path;
    }

    /// <summary>Document frequency (postings in this segment).</summary>
    public int Count { get; }

    public int BlockCount { get; }

    public int BlockLastDoc(int block) => (int)_skip[4 * block];
    public int BlockMaxTf(int block) => (int)_skip[4 * block + 2];
    public byte BlockMinNorm(int block) => (byte)_skip[4 * block + 3];
    public long BlockDataOffset(int block) => _skip[4 * block + 1];
    public long BlockMinNormRaw(int block) => _skip[4 * block + 3];

    /// <summary>Bytes from the end of the skip table to the end of the term's region (padding included).</summary>
    public long DataLength => _end - _data;

    /// <summary>Postings in <paramref name="block"/> (128 except in the last block).</summary>
    public int BlockLength(int block) =>
        block < BlockCount - 1 ? Bm25Files.BlockSize : Count - (BlockCount - 1) * Bm25Files.BlockSize;

    /// <summary>Decodes <paramref name="block"/> into <paramref name="docs"/> and <paramref name="tfs"/> (≥ 128 long); returns its length.</summary>
    public int DecodeBlock(int block, Span<int> docs, Span<int> tfs) => DecodeBlock(block, docs, tfs, out _);

    /// <summary>Decodes a block and reports how many data bytes it used (for the checker).</summary>
    public int DecodeBlock(int block, Span<int> docs, Span<int> tfs, out long bytesUsed)
    {
        int n = BlockLength(block);
        byte* p = _data + _skip[4 * block + 1];
        int prev = block == 0 ? -1 : BlockLastDoc(block - 1);
        for (int i = 0; i < n; i++)
        {
            uint delta = ReadVar(ref p);
            uint tf = ReadVar(ref p);
            long doc = prev + (long)delta;
            if (delta == 0 || doc >= _docCount || tf == 0 || tf > int.MaxValue)
                throw Corrupt($"posting {i} of block {block} decodes to doc {doc}, tf {tf}");
            prev = (int)doc;
            docs[i] = prev;
            tfs[i] = (int)tf;
        }
        if (prev != BlockLastDoc(block))
            throw Corrupt($"block {block} ends at doc {prev}, its skip entry says {BlockLastDoc(block)}");
        bytesUsed = p - (_data + _skip[4 * block + 1]);
        return n;
    }

    /// <summary>The tf of <paramref name="doc"/>, or 0 when the term does not occur in it (one block decoded).</summary>
    public int FindTf(int doc, Span<int> docs, Span<int> tfs)
    {
        int lo = 0, hi = BlockCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (BlockLastDoc(mid) < doc) lo = mid + 1;
            else hi = mid;
        }
        if (BlockCount == 0 || BlockLastDoc(lo) < doc)
            return 0;
        int n = DecodeBlock(lo, docs, tfs);
        int at = docs[..n].BinarySearch(doc);
        return at >= 0 ? tfs[at] : 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint ReadVar(ref byte* p)
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (p >= _end)
                throw Corrupt("postings run past the term's region");
            byte b = *p++;
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw Corrupt("over-long varint");
    }

    private CorruptIndexException Corrupt(string what) => new(_path, what);
}

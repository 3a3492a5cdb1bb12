using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes a segment's impact postings (<c>seg_N.pst</c>), one term at a time in ascending term order, so flushes and
/// merges stream them without holding more than one term's list.
/// <para><b>Format <c>.pst</c> (version 3, little-endian)</b>: header (magic "SSPT") ·
/// for each term with postings, in term order, 4-byte aligned:
/// <c>u32 docs[df]</c> (strictly ascending) · <c>u8 impacts[df]</c> (1..255) · align 4 ·
/// <c>u32 blockLastDoc[nb]</c> · <c>u8 blockMax[nb]</c> (nb = ceil(df / 128): skip blocks of 128 postings with their
/// max impact) · align 4 · for a sparse term only: <c>u32 docBlock[nd]</c> (ascending ids of the doc-range blocks of
/// 2^shift docs that hold the term) · <c>u8 docBlockMax[nd]</c> (the term's max impact in that range; the block upper
/// bounds) · align 4 — then <c>u32 headDocs[nh] · u8 headImpacts[nh]</c> (nh = min(df, headLength): the highest
/// impacts, impact descending then doc ascending) · for a dense term only, i.e. one in at least 1/24 of the segment's
/// <c>blocks</c> = ceil(docCount / 2^shift) doc-range blocks (<see cref="SegmentFiles.HasDenseRow"/>): align 64 ·
/// the nibble row: <c>u8 row[ceil(blocks / 64) · 32]</c>, one 4-bit code per block, 0 where the term is absent, else
/// <c>⌈m / step⌉</c> for the block's max impact m with <c>step = ⌈maxImpact / 15⌉</c>; byte k of each 32-byte group holds
/// block 64g + k in its low nibble and block 64g + 32 + k in its high nibble (<see cref="DenseRowLayout"/>) —
/// then the dense term table at <c>tableOffset</c>: for every vocabulary id t in [0, vocabSize):
/// <c>i64 offset · i32 df · i32 nd · i32 maxImpact · i32 flags</c> (24 bytes; offset 0 and df 0 when absent; nd = the
/// number of blocks holding the term, also for a dense term; flags = <see cref="DenseRowFlag"/> for a dense term, else
/// 0) — then the trailer: <c>u32 vocabSize · u32 docCount · u32 docBlockShift · u32 postingBlockSize · f32 scale ·
/// u32 headLength · u64 tableOffset · u64 totalPostings</c> (40 bytes) · footer.</para>
/// <para><b>Version 2</b> (still read, and written when asked) is the same with byte rows: <c>u8 row[blocks]</c>, the
/// term's max impact in each block, for the terms in at least 1/8 of the blocks. <b>Version 1</b> (still read, and
/// written when asked, so the fallback stays tested) has no rows: every term has its block list, flags are 0.</para>
/// <para>Doc ids are stored raw (u32) so the scorers read them in place from the mapping with no decoding; the
/// term table is a dense array over vocabulary ids (lookup = one index). A future BM25 field would use its own files
/// (string term dictionary, tf + norm bytes) next to these, listed per segment in the commit.</para>
/// <para>The dense rows are what the BlockMax scorer adds with SIMD (one code per block, no scatter). Persisting them
/// here keeps them off the heap and off the first queries' latency, needs no new file in the commit, and lets a dense
/// term drop its block list, which nothing reads once the row exists (the scorer's sparse path serves only sparse
/// terms; merges read the postings); for the frequent terms that sit in most blocks the list (5 bytes per held block)
/// is also bigger than the row.</para>
/// <para>Rows are 4-bit because they are what a rank-safe query reads most: at 1M documents a SPLADE query streams
/// about 30 of them, bound by memory bandwidth. Half the bytes let the blocks shrink to 4 documents at the cost of
/// 8-document byte rows, and 4-document blocks make the bounds tight enough that far fewer documents are scored
/// (eval/results/index.md). A code's upper value is at most step − 1 above the block maximum.</para>
/// </summary>
internal sealed class PostingsWriter : IDisposable
{
    public const int TrailerLength = 40;
    public const int TermEntryLength = 24;

    /// <summary>Impact-ordered head length per term for a segment of <paramref name="docCount"/> docs: 1/32 of the
    /// documents (at least 4,096), so a head covers the same share of the segment at any size.</summary>
    public static int HeadLengthFor(int docCount) => Math.Max(4096, docCount / 32);

    private readonly int _headLength;

    private readonly IndexOutput _out;
    private readonly int _vocabSize;
    private readonly int _docCount;
    private readonly int _docBlockShift;
    private readonly float _scale;
    private readonly long[] _offsets;
    private readonly int[] _dfs;
    private readonly int[] _nds;
    private readonly byte[] _max;
    private int _lastTerm = -1;
    private long _total;
    private readonly int[] _flags;
    private readonly int _segmentBlocks;
    private readonly byte[] _row;
    private readonly uint[] _blockIds;
    private readonly byte[] _blockMax;
    private uint[] _scratchU = new uint[64];
    private byte[] _scratchB = new byte[64];

    private readonly bool _denseRows;
    private readonly DenseRowKind _rowKind;
    private readonly byte[] _encoded;

    /// <summary>Starts <paramref name="path"/>; <paramref name="version"/> 1 writes the layout without dense rows, 2 with
    /// byte rows, 3 (the default) with nibble rows.</summary>
    public PostingsWriter(string path, byte[] segmentId, int vocabSize, int docCount, int docBlockShift, float scale,
        int version = SegmentFiles.PostingsVersion)
    {
        if (version is < SegmentFiles.MinPostingsVersion or > SegmentFiles.PostingsVersion)
            throw new ArgumentOutOfRangeException(nameof(version), version, "writable .pst versions are 1, 2 and 3");
        _denseRows = version >= 2;
        _rowKind = SegmentFiles.RowKind(version);
        _headLength = HeadLengthFor(docCount);
        _out = new IndexOutput(path, SegmentFiles.PostingsMagic, version, segmentId);
        _vocabSize = vocabSize;
        _docCount = docCount;
        _docBlockShift = docBlockShift;
        _scale = scale;
        _offsets = new long[vocabSize];
        _dfs = new int[vocabSize];
        _nds = new int[vocabSize];
        _max = new byte[vocabSize];
        _flags = new int[vocabSize];
        _segmentBlocks = (int)(((long)docCount + (1 << docBlockShift) - 1) >> docBlockShift);
        _row = new byte[_segmentBlocks];
        _encoded = _rowKind == DenseRowKind.Nibbles ? new byte[DenseRowLayout.RowBytes(_rowKind, _segmentBlocks)] : [];
        // A term is in at most every doc-range block (ids are below docCount).
        _blockIds = new uint[_segmentBlocks];
        _blockMax = new byte[_segmentBlocks];
    }

    /// <summary>Flags bit: the term's dense block-bound row follows its head.</summary>
    public const int DenseRowFlag = 1;

    /// <summary>Appends the postings of <paramref name="term"/>; terms must come in ascending order.</summary>
    // Called once per term of every flush and merge: the hottest loop of indexing after the inversion.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AddTerm(int term, ReadOnlySpan<int> docs, ReadOnlySpan<byte> impacts)
    {
        if (term <= _lastTerm || term >= _vocabSize)
            throw new InvalidOperationException($"Term {term} out of order or outside the vocabulary (last {_lastTerm}, size {_vocabSize}).");
        if (docs.Length != impacts.Length)
            throw new ArgumentException("docs and impacts differ in length.");
        if (docs.IsEmpty)
            return;
        _lastTerm = term;
        _out.Align(4);
        _offsets[term] = _out.Position;
        _dfs[term] = docs.Length;
        _out.WriteInt32s(docs);
        _out.WriteBytes(impacts);
        _out.Align(4);

        int nb = (docs.Length + SegmentFiles.PostingBlockSize - 1) / SegmentFiles.PostingBlockSize;
        EnsureScratch(Math.Max(nb, docs.Length));
        // One pass over the postings gathers the skip-block maxima, the doc-range block list and the impact histogram
        // of the head; the frequent terms that hold most postings are the dense ones, so every pass saved counts.
        Span<int> byImpact = stackalloc int[257];
        byImpact.Clear();
        byte termMax = 0;
        int nd = 0;
        int shift = _docBlockShift;
        uint[] blockIds = _blockIds;
        byte[] blockMax = _blockMax;
        for (int b = 0; b < nb; b++)
        {
            int start = b * SegmentFiles.PostingBlockSize;
            int end = Math.Min(docs.Length, start + SegmentFiles.PostingBlockSize);
            byte m = 0;
            for (int i = start; i < end; i++)
            {
                byte imp = impacts[i];
                if (imp > m) m = imp;
                byImpact[256 - imp]++;
                uint blk = (uint)docs[i] >> shift;
                if (nd > 0 && blockIds[nd - 1] == blk)
                {
                    if (imp > blockMax[nd - 1]) blockMax[nd - 1] = imp;
                }
                else
                {
                    blockIds[nd] = blk;
                    blockMax[nd] = imp;
                    nd++;
                }
            }
            _scratchU[b] = (uint)docs[end - 1];
            _scratchB[b] = m;
            if (m > termMax) termMax = m;
        }
        _out.WriteUInt32s(_scratchU.AsSpan(0, nb));
        _out.WriteBytes(_scratchB.AsSpan(0, nb));
        _out.Align(4);

        bool dense = _denseRows && SegmentFiles.HasDenseRow(nd, _segmentBlocks, _rowKind);
        if (!dense)
        {
            _out.WriteUInt32s(blockIds.AsSpan(0, nd));
            _out.WriteBytes(blockMax.AsSpan(0, nd));
            _out.Align(4);
        }
        // Head: counting sort by impact, highest first; docs stay ascending within an impact.
        int nh = Math.Min(docs.Length, _headLength);
        for (int v = 0; v < 256; v++) byImpact[v + 1] += byImpact[v];
        for (int i = 0; i < docs.Length; i++)
        {
            int slot = byImpact[255 - impacts[i]]++;
            if (slot < nh)
            {
                _scratchU[slot] = (uint)docs[i];
                _scratchB[slot] = impacts[i];
            }
        }
        _out.WriteUInt32s(_scratchU.AsSpan(0, nh));
        _out.WriteBytes(_scratchB.AsSpan(0, nh));
        if (dense)
        {
            // The row holds the same maxima as the block list (or their codes), spread over every block (0 where the
            // term is absent).
            _out.Align(SegmentFiles.DenseRowAlignment);
            if (_rowKind == DenseRowKind.Nibbles)
            {
                DenseRowLayout.EncodeNibbles(blockIds.AsSpan(0, nd), blockMax.AsSpan(0, nd), _encoded, termMax);
                _out.WriteBytes(_encoded);
            }
            else
            {
                Array.Clear(_row);
                for (int k = 0; k < nd; k++)
                    _row[blockIds[k]] = blockMax[k];
                _out.WriteBytes(_row);
            }
            _flags[term] = DenseRowFlag;
        }
        _nds[term] = nd;
        _max[term] = termMax;
        _total += docs.Length;
    }

    private void EnsureScratch(int n)
    {
        if (_scratchU.Length < n)
        {
            int size = Math.Max(n, _scratchU.Length * 2);
            _scratchU = new uint[size];
            _scratchB = new byte[size];
        }
    }

    public void Finish()
    {
        _out.Align(8);
        long tableOffset = _out.Position;
        for (int t = 0; t < _vocabSize; t++)
        {
            _out.WriteInt64(_offsets[t]);
            _out.WriteInt32(_dfs[t]);
            _out.WriteInt32(_nds[t]);
            _out.WriteInt32(_max[t]);
            _out.WriteInt32(_flags[t]);
        }
        _out.WriteInt32(_vocabSize);
        _out.WriteInt32(_docCount);
        _out.WriteInt32(_docBlockShift);
        _out.WriteInt32(SegmentFiles.PostingBlockSize);
        _out.WriteSingle(_scale);
        _out.WriteInt32(_headLength);
        _out.WriteInt64(tableOffset);
        _out.WriteInt64(_total);
        _out.Finish();
    }

    public void Dispose() => _out.Dispose();
}

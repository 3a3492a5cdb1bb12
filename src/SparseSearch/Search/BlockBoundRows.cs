using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SparseSearch.Index.Codec;

namespace SparseSearch.Search;

/// <summary>
/// Dense rows of the block upper-bound matrix of one segment (term × doc-range block, u8 max impact): persisted in the
/// postings file (<see cref="PostingsWriter"/>), or, for segments written before that, built lazily per term from the
/// postings' sparse block lists and kept for the segment's lifetime.
/// </summary>
internal sealed class BlockBoundRows
{
    private byte[]?[] _rows = [];
    private double _clustering = double.NaN;

    /// <summary>Minimum <see cref="Clustering"/> at which the default rank-safe search uses block upper bounds.</summary>
    public const double ClusteredThreshold = 1.5;

    /// <summary>Largest block (2^shift documents) for which the default rank-safe search uses block upper bounds: with
    /// 16- and 64-doc blocks even a reordered index scored 13 % and 72 % of the documents at 100k and lost to
    /// term-at-a-time (eval/results/index.md).</summary>
    public const int MaxDefaultShift = 3;

    /// <summary>
    /// How much fewer (term, block) pairs the segment has than the same postings would have in random document order:
    /// Σ_t blocks · (1 − (1 − df_t/docs)^blockSize) / Σ_t (blocks holding t). About 1 when similar documents are
    /// scattered (the bounds are then loose and block-max scoring visits nearly everything), well above 1 when they share
    /// blocks. Computed once from the term table.
    /// </summary>
    public double Clustering(PostingsReader postings)
    {
        double c = Volatile.Read(ref _clustering);
        if (!double.IsNaN(c)) return c;
        double expected = 0;
        long nd = 0;
        int docs = Math.Max(1, postings.DocCount), size = 1 << postings.DocBlockShift, blocks = postings.DocBlockCount;
        for (int t = 0; t < postings.VocabSize; t++)
        {
            var p = postings.Term(t);
            if (p.Count == 0) continue;
            expected += blocks * (1 - Math.Pow(1 - (double)p.Count / docs, size));
            nd += p.DocBlockCount;
        }
        c = nd == 0 ? 0 : expected / nd;
        Volatile.Write(ref _clustering, c);
        return c;
    }

    /// <summary>
    /// The dense row of <paramref name="term"/>'s block maxima (one u8 or 4-bit code per block of the segment, see
    /// <see cref="Kind"/>; 0 where the term is absent), or null when the term is in too few of the blocks (<see cref="SegmentFiles.HasDenseRow"/>; then
    /// scattering its sparse list is cheaper). Adding a dense row to the u16 bounds is a few SIMD instructions per 16 or
    /// 32 blocks (<see cref="BlockBoundKernels"/>), where the sparse list costs one scatter per block, and frequent SPLADE
    /// terms sit in most blocks. (With 8-doc byte rows at 1M documents, moving the threshold to 1/24 of the blocks made
    /// the bounds slower, since byte rows are bound by memory bandwidth; nibble rows cost half as much per block, see
    /// <see cref="SegmentFiles.HasDenseRow"/>.) The rows are read in place from the postings mapping;
    /// only a segment written before they were persisted builds them here, on first use per term, in pinned arrays kept
    /// for the segment's lifetime (the pointer must stay valid while a query uses it).
    /// </summary>
    public unsafe byte* DenseRow(PostingsReader postings, int term, in TermPostings p)
    {
        int blocks = postings.DocBlockCount;
        if (!SegmentFiles.HasDenseRow(p.DocBlockCount, blocks, Kind(postings))) return null;
        if (postings.HasDenseRows) return postings.DenseRow(term);
        var rows = Volatile.Read(ref _rows);
        if (rows.Length == 0)
        {
            Interlocked.CompareExchange(ref _rows, new byte[]?[postings.VocabSize], rows);
            rows = Volatile.Read(ref _rows);
        }
        var row = Volatile.Read(ref rows[term]);
        if (row is null)
        {
            row = BuildRow(p, blocks);
            row = Interlocked.CompareExchange(ref rows[term], row, null) ?? row;
        }
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(row));
    }

    /// <summary>How the rows <see cref="DenseRow"/> returns for this segment store each block: the persisted kind, or
    /// bytes for the rows built in memory.</summary>
    public DenseRowKind Kind(PostingsReader postings) => postings.HasDenseRows ? postings.RowKind : DenseRowKind.Bytes;

    /// <summary>Expands a term's sparse block list into a dense row of <paramref name="blocks"/> bytes, in a pinned
    /// array (the fallback for segments without persisted rows).</summary>
    private static unsafe byte[] BuildRow(in TermPostings p, int blocks)
    {
        var row = GC.AllocateArray<byte>(blocks, pinned: true);
        for (int i = 0; i < p.DocBlockCount; i++)
            row[p.DocBlocks[i]] = p.DocBlockMax[i];
        return row;
    }
}

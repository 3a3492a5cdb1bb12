using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// Block-upper-bound scorer in the style of BMP: documents are cut into fixed ranges of 2^shift docs; each term keeps
/// its max impact per range. For a query, every range gets the upper bound <c>Σ_t w_t · max_t(range)</c>, computed in
/// u16 units (<see cref="QuantizedBoundQuery"/>, <see cref="BlockBoundKernels"/>). Ranges are then visited from the
/// highest bound down, in passes over descending bound intervals of 15 % each: each pass collects the ranges of its
/// interval with a SIMD scan of the regions whose maximum reaches it, sorts those few, and scores them, so the k-th score
/// rises before the lower intervals are reached, and the last pass stops at the k-th score. A visited range is scored document
/// by document from the forward index (the records of the ranges two ahead are prefetched meanwhile), or block-at-a-time from the
/// <see cref="BlockForwardIndex"/> for ranges of ≥ 32 documents.
/// <para><b>Why it is rank-safe and bit-identical to the exhaustive scorer.</b> A range's unit bound is ≥ Σ_t w_t·max_t
/// / unit in exact arithmetic (every term's contribution is rounded up, see <see cref="BlockBoundKernels.Contribution"/>),
/// so bound × unit dominates every document's exact score; it is further inflated by <see cref="ForwardScore.Margin"/>
/// (more than the rounding of the float sums) before it is compared, and a range is skipped only when that inflated
/// bound is strictly below the k-th score, so no document that could enter the top k (ties included: equal scores break
/// by segment then doc id) is skipped. Every document offered gets the canonical score (<see cref="ForwardScore"/>), the
/// same function every mode uses.</para>
/// </summary>
internal sealed class BlockMaxScorer
{
    internal const int BlockAtATimeMinShift = 5;
    // Blocks per pass of the bound accumulation: 256k u16 bounds (512 KB) stay in L2 while every dense row streams by.
    // Long runs let the row prefetch run ahead: at 1M docs in 4-doc blocks with nibble rows, 32k-block chunks (16 KB runs)
    // took 0.67 ms of rows per median query and whole rows 0.54 ms (with 8-doc byte rows, 8k-block chunks were 15 %
    // slower than 32k).
    private const int Chunk = 262144;
    private const int PrefetchAhead = 2;
    private const double PassFraction = 0.85;
    private ushort[] _acc = [];
    private ushort[] _regionMax = [];
    private int[] _cands = [];
    private readonly BoundOrder _order = new();
    private readonly float[] _blockAcc = new float[256];

    /// <summary>False when the query has too many terms for u16 bounds (then the caller scores term-at-a-time).</summary>
    public static bool CanScore(PreparedQuery query) => QuantizedBoundQuery.Fits(query.BoundTerms.Length);

    public unsafe (long Docs, long Blocks, long Total) ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top,
        float factor, int maxBlocks)
    {
        var postings = segment.Core.Postings;
        int shift = postings.DocBlockShift;
        int nBlocks = postings.DocBlockCount;
        if (_acc.Length < nBlocks)
        {
            _acc = new ushort[nBlocks];
            _cands = new int[nBlocks];
            _regionMax = new ushort[BlockBoundKernels.RegionCount(nBlocks)];
        }
        var q = QuantizedBoundQuery.Create(segment.Core, query);
        if (q is null)
            return (0, 0, nBlocks);
        var bounds = q.Value;
        double unitToScore = bounds.Unit * segment.Scale * ForwardScore.Margin(query.Terms.Length) * factor;

        fixed (ushort* acc = _acc)
        fixed (ushort* regionMax = _regionMax)
        {
            bounds.Accumulate(segment.Core, acc, nBlocks, Chunk);
            int maxBound = BlockBoundKernels.RegionMaxima(acc, nBlocks, regionMax);
            long docsScored = 0, blocksScored = 0;
            int hi = maxBound + 1;
            while (hi > 1 && blocksScored < maxBlocks)
            {
                int cut = Cutoff(top.Threshold, unitToScore);
                if (hi <= cut)
                    break;
                // Each pass takes the next 15 % slice of the bound range: only its few ranges are sorted, and the
                // k-th score rises before the lower slices are reached. Passes are cheap because the region maxima let
                // them skip most of the bounds; at 1M documents, a first pass over [max/2, max) sorted 1,946 ranges
                // (73 µs) for the median query to visit 590, where 15 % slices sort 595 in 3 passes (17 µs).
                int lo = Math.Max(cut, (int)(hi * PassFraction));
                if (lo >= hi) lo = hi - 1;
                if (lo < 1) lo = 1;
                int n = BlockBoundKernels.Collect(acc, nBlocks, regionMax, lo, hi, _cands, 0);
                hi = lo;
                if (n == 0) continue;
                _order.SortDescending(acc, _cands, n);
                var (docs, blocks, stop) = VisitBlocks(segment, query, top, _cands, n, acc, unitToScore, maxBlocks - blocksScored);
                docsScored += docs;
                blocksScored += blocks;
                if (stop) break;
            }
            return (docsScored, blocksScored, nBlocks);
        }
    }

    /// <summary>Lowest unit bound that can still reach <paramref name="threshold"/> (≥ 1: a bound of 0 means no query term).</summary>
    private static int Cutoff(float threshold, double unitToScore)
    {
        if (!(threshold > 0f)) return 1;
        double c = Math.Floor(threshold / unitToScore * (1 - 1e-9));
        return c >= ushort.MaxValue + 1 ? ushort.MaxValue + 1 : Math.Max(1, (int)c);
    }

    /// <summary>Scores the sorted ranges; Stop is set once a range's bound falls below the k-th score (every later range
    /// of this pass and of the later passes is lower still).</summary>
    private unsafe (long Docs, long Blocks, bool Stop) VisitBlocks(IndexSegment segment, PreparedQuery query, TopKCollector top,
        int[] order, int n, ushort* acc, double unitToScore, long maxBlocks)
    {
        int shift = segment.Core.Postings.DocBlockShift;
        var forward = segment.Core.Forward;
        var live = segment.Live;
        int ord = segment.Ordinal;
        int docCount = segment.DocCount;
        float docScale = segment.Scale;
        bool wide = forward.TermWidth == 4;
        var bf = shift >= BlockAtATimeMinShift ? segment.Core.BlockForward : null;
        float blockScale = (float)(segment.Scale * ForwardScore.Margin(query.Terms.Length));
        long docsScored = 0, blocksScored = 0;
        fixed (float* qd = query.Dense)
        {
            for (int j = 0; j < n; j++)
            {
                int b = order[j];
                if (acc[b] * unitToScore < top.Threshold)
                    return (docsScored, blocksScored, true);
                if (blocksScored >= maxBlocks)
                    return (docsScored, blocksScored, true);
                blocksScored++;
                int first = b << shift, last = Math.Min(docCount, first + (1 << shift));
                // Visited ranges are far apart in the forward file: load the records PrefetchAhead ranges ahead and
                // their offsets two further, so the misses overlap the scoring (1 ahead: 10 % slower at 1M docs).
                // Large ranges (block-at-a-time) are not prefetched whole: tens of KB would only evict the current one.
                if (bf is null)
                {
                    if (j == 0)
                        for (int a = 1; a < PrefetchAhead && a < n; a++)
                            PrefetchRange(forward, order[a] << shift, docCount, shift);
                    if (j + PrefetchAhead < n)
                        PrefetchRange(forward, order[j + PrefetchAhead] << shift, docCount, shift);
                    if (j + PrefetchAhead + 2 < n)
                    {
                        int ob = order[j + PrefetchAhead + 2] << shift;
                        forward.PrefetchOffsets(ob, Math.Min(docCount, ob + (1 << shift)));
                    }
                }
                if (bf is not null)
                {
                    docsScored += ScoreBlockAtATime(bf, b, first, last, qd, blockScale, docScale, forward, wide, live, ord, top);
                    continue;
                }
                for (int d = first; d < last; d++)
                {
                    if (live is not null && !live.IsLive(d)) continue;
                    int cnt = forward.Get(d, out var tp, out var ip);
                    float s = ForwardScore.Sum(tp, ip, cnt, wide, qd);
                    docsScored++;
                    if (s > 0f)
                        top.Offer(s * docScale, ord, d);
                }
            }
        }
        return (docsScored, blocksScored, false);
    }

    private static void PrefetchRange(Index.Codec.ForwardReader forward, int first, int docCount, int shift) =>
        forward.Prefetch(first, Math.Min(docCount, first + (1 << shift)));

    /// <summary>Block-at-a-time: one pass over the block's term runs fills per-document sums in another order than the
    /// canonical one; only documents whose sum, inflated by the rounding margin, reaches the k-th score are scored
    /// canonically (so the result stays bit-identical).</summary>
    private unsafe long ScoreBlockAtATime(BlockForwardIndex bf, int b, int first, int last, float* qd, float blockScale, float docScale,
        Index.Codec.ForwardReader forward, bool wide, Index.Codec.LiveDocs? live, int ord, TopKCollector top)
    {
        var sums = _blockAcc;
        Array.Clear(sums, 0, last - first);
        for (int r = bf.BlockRunStart[b], re = bf.BlockRunStart[b + 1]; r < re; r++)
        {
            float w = qd[bf.RunTerm[r]];
            if (w == 0f) continue;
            for (int e = bf.RunEntryStart[r], ee = bf.RunEntryStart[r + 1]; e < ee; e++)
                sums[bf.EntryDoc[e]] += w * bf.EntryImpact[e];
        }
        for (int d = first; d < last; d++)
        {
            float a = sums[d - first];
            if (a <= 0f || a * blockScale < top.Threshold) continue;
            if (live is not null && !live.IsLive(d)) continue;
            int cnt = forward.Get(d, out var tp, out var ip);
            top.Offer(ForwardScore.Sum(tp, ip, cnt, wide, qd) * docScale, ord, d);
        }
        return last - first;
    }
}

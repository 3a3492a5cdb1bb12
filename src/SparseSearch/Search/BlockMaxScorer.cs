using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// Block-upper-bound scorer in the style of BMP: documents are cut into fixed ranges of 2^shift docs; each term keeps
/// its max impact per range. For a query, every range gets the upper bound <c>Σ_t w_t · max_t(range)</c>; ranges are
/// visited from the highest bound down (bucketed, not fully sorted) until the next bound falls below the k-th best
/// score. A visited range is evaluated block-at-a-time from the segment's <see cref="BlockForwardIndex"/> (per-term
/// runs of the block), and only its documents whose sum can reach the k-th score are re-scored canonically from the
/// forward index (ranges of more than 256 documents are scored document by document from the forward index).
/// <para><b>Why it is rank-safe and bit-identical to the exhaustive scorer.</b> The block-at-a-time sums add the same
/// products in another order, so they differ from the canonical score by less than <see cref="ForwardScore.Margin"/>;
/// a document is dropped only when its inflated sum is strictly below the k-th score. Every document offered gets the
/// canonical score (<see cref="ForwardScore"/>), the same function every mode uses. The bound of a range sums
/// <c>w·max ≥ w·impact</c> for every query term, so in exact arithmetic it dominates every document's score; it is
/// inflated by <see cref="ForwardScore.Margin"/> (more than the rounding of either sum) before it is compared, and a range
/// is skipped only when that inflated bound is strictly below the k-th score, so no document that could enter the top
/// k (ties included: equal scores break by segment then doc id) is skipped.</para>
/// </summary>
internal sealed class BlockMaxScorer
{
    private const int Buckets = 1024;
    internal const int BlockAtATimeMinShift = 5;
    private float[] _ub = [];
    private int[] _order = [];
    private readonly int[] _bucketCount = new int[Buckets + 1];
    private readonly float[] _bucketMax = new float[Buckets];
    private readonly int[] _fill = new int[Buckets];
    private readonly float[] _acc = new float[256];

    /// <summary>ub[b] += w × row[b] for every block, 8 blocks per AVX2 step (u8 → i32 → f32, multiply, add: the same
    /// two roundings as the scalar tail).</summary>
    private static unsafe void AddDense(float* ub, byte[] row, float w, int n)
    {
        int b = 0;
        fixed (byte* r = row)
        {
            if (Avx2.IsSupported)
            {
                var wv = Vector256.Create(w);
                for (; b + 8 <= n; b += 8)
                {
                    var m = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(r + b));
                    Avx.Store(ub + b, Avx.Add(Avx.LoadVector256(ub + b), Avx.Multiply(wv, m)));
                }
            }
            for (; b < n; b++)
                ub[b] += w * r[b];
        }
    }

    /// <summary>ub[b] = w × row[b] for every block (the first dense term of a query).</summary>
    private static unsafe void SetDense(float* ub, byte[] row, float w, int n)
    {
        int b = 0;
        fixed (byte* r = row)
        {
            if (Avx2.IsSupported)
            {
                var wv = Vector256.Create(w);
                for (; b + 8 <= n; b += 8)
                    Avx.Store(ub + b, Avx.Multiply(wv, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(r + b))));
            }
            for (; b < n; b++)
                ub[b] = w * r[b];
        }
    }

    public unsafe (long Docs, long Blocks, long Total) ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top,
        float factor, int maxBlocks)
    {
        var postings = segment.Core.Postings;
        int shift = postings.DocBlockShift;
        int nBlocks = postings.DocBlockCount;
        if (_ub.Length < nBlocks)
        {
            _ub = new float[nBlocks];
            _order = new int[nBlocks];
        }
        var terms = query.BoundTerms;
        var weights = query.BoundWeights;
        // maxUb only scales the buckets, so the sum of the terms' segment-wide maxima (≥ every block bound, up to
        // rounding, which the bucket clamp absorbs) serves and saves a pass over all block bounds.
        float maxUb = 0f;
        var rows = segment.Core.BlockBounds;
        fixed (float* ub = _ub)
        {
            // Dense rows first: the first one overwrites the bounds, which saves clearing them.
            bool set = false;
            for (int q = 0; q < terms.Length; q++)
            {
                var p = postings.Term(terms[q]);
                maxUb += weights[q] * p.MaxImpact;
                var row = rows.DenseRow(postings, terms[q], p);
                if (row is null) continue;
                if (set) AddDense(ub, row, weights[q], nBlocks);
                else SetDense(ub, row, weights[q], nBlocks);
                set = true;
            }
            if (!set)
                new Span<float>(ub, nBlocks).Clear();
            for (int q = 0; q < terms.Length; q++)
            {
                var p = postings.Term(terms[q]);
                if (p.DocBlockCount == 0 || rows.DenseRow(postings, terms[q], p) is not null) continue;
                float w = weights[q];
                uint* blocks = p.DocBlocks;
                byte* max = p.DocBlockMax;
                for (int i = 0; i < p.DocBlockCount; i++)
                    ub[blocks[i]] += w * max[i];
            }
        }
        if (maxUb <= 0f)
            return (0, 0, nBlocks);

        // Bucket the ranges by bound (monotone in the bound, so higher buckets hold strictly higher bounds).
        Array.Clear(_bucketCount);
        Array.Clear(_bucketMax);
        float toBucket = (Buckets - 1) / maxUb;
        for (int b = 0; b < nBlocks; b++)
        {
            float u = _ub[b];
            if (u <= 0f) continue;
            int k = Math.Min(Buckets - 1, (int)(u * toBucket));
            _bucketCount[k + 1]++;
            if (u > _bucketMax[k]) _bucketMax[k] = u;
        }
        for (int k = 0; k < Buckets; k++)
            _bucketCount[k + 1] += _bucketCount[k];
        // _bucketCount[k] is now the start of bucket k; fill positions.
        var fill = _fill;
        Array.Copy(_bucketCount, fill, Buckets);
        for (int b = 0; b < nBlocks; b++)
        {
            float u = _ub[b];
            if (u <= 0f) continue;
            int k = Math.Min(Buckets - 1, (int)(u * toBucket));
            _order[fill[k]++] = b;
        }

        float scale = (float)(segment.Scale * ForwardScore.Margin(query.Terms.Length));
        float docScale = segment.Scale;
        var forward = segment.Core.Forward;
        var live = segment.Live;
        int ord = segment.Ordinal;
        int docCount = segment.DocCount;
        bool wide = forward.TermWidth == 4;
        long docsScored = 0, blocksScored = 0;
        // Small blocks are scored document by document (8 AVX2 gathers per 64 entries beat one scalar run per entry:
        // an 8-doc block has about as many distinct terms as entries); larger ones block-at-a-time.
        var bf = shift >= BlockAtATimeMinShift ? segment.Core.BlockForward : null;
        fixed (float* qd = query.Dense)
        {
            for (int k = Buckets - 1; k >= 0; k--)
            {
                int start = _bucketCount[k], end = _bucketCount[k + 1];
                if (start == end) continue;
                if (_bucketMax[k] * scale * factor < top.Threshold || blocksScored >= maxBlocks)
                    break;
                for (int j = start; j < end; j++)
                {
                    int b = _order[j];
                    if (_ub[b] * scale * factor < top.Threshold)
                        continue;
                    if (blocksScored >= maxBlocks)
                        break;
                    blocksScored++;
                    int first = b << shift, last = Math.Min(docCount, first + (1 << shift));
                    if (bf is not null)
                    {
                        // Block-at-a-time: one pass over the block's term runs fills per-document sums in another
                        // order than the canonical one; only documents whose sum, inflated by the rounding margin,
                        // reaches the k-th score are scored canonically (so the result stays bit-identical).
                        var acc = _acc;
                        Array.Clear(acc, 0, last - first);
                        for (int r = bf.BlockRunStart[b], re = bf.BlockRunStart[b + 1]; r < re; r++)
                        {
                            float w = qd[bf.RunTerm[r]];
                            if (w == 0f) continue;
                            for (int e = bf.RunEntryStart[r], ee = bf.RunEntryStart[r + 1]; e < ee; e++)
                                acc[bf.EntryDoc[e]] += w * bf.EntryImpact[e];
                        }
                        docsScored += last - first;
                        for (int d = first; d < last; d++)
                        {
                            float a = acc[d - first];
                            if (a <= 0f || a * scale < top.Threshold) continue;
                            if (live is not null && !live.IsLive(d)) continue;
                            int cnt = forward.Get(d, out var tp, out var ip);
                            top.Offer(ForwardScore.Sum(tp, ip, cnt, wide, qd) * docScale, ord, d);
                        }
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
        }
        return (docsScored, blocksScored, nBlocks);
    }
}

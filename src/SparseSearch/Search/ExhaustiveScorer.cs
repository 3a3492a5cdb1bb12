using System.Numerics;
using System.Runtime.Intrinsics;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// The reference scorer: term-at-a-time accumulation of <c>weight × impact</c> over every posting of every query term
/// into a per-document float accumulator. The accumulator sums in term order, the canonical score
/// (<see cref="ForwardScore"/>) in lane order; the two differ by at most a few ulps, so the scan keeps every document
/// whose accumulated value is within <see cref="ForwardScore.Margin"/> of the segment's k-th value and gives those the
/// canonical score (a handful of documents beyond k): the final top k and its floats are exactly those of a canonical
/// scoring of every document.
/// </summary>
internal sealed class ExhaustiveScorer
{
    private float[] _acc = [];

    /// <summary>Exhaustive: all query terms, candidates within the rounding margin of the k-th value.</summary>
    public long ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top, int k) =>
        ScoreSegment(segment, query, top, k, query.Terms, query.Weights, exhaustive: true);

    /// <summary>Approximate (CutAndRescore): only the bound terms (the cut), then the best <paramref name="depth"/>
    /// partial scores are re-scored canonically with every query term.</summary>
    public long ScoreSegmentCut(IndexSegment segment, PreparedQuery query, TopKCollector top, int depth) =>
        ScoreSegment(segment, query, top, depth, query.BoundTerms, query.BoundWeights, exhaustive: false);

    private unsafe long ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top, int k,
        int[] terms, float[] weights, bool exhaustive)
    {
        int n = segment.DocCount;
        if (_acc.Length < n)
            _acc = new float[n];
        Array.Clear(_acc, 0, n);
        var postings = segment.Core.Postings;
        var live = segment.Live;
        var local = new TopKCollector(k);
        long matched = 0;
        fixed (float* a = _acc)
        {
            for (int q = 0; q < terms.Length; q++)
            {
                var p = postings.Term(terms[q]);
                float w = weights[q];
                uint* docs = p.Docs;
                byte* imps = p.Impacts;
                // Scatter-add: no SIMD (AVX2 has no scatter, and gathers/scatters do not pay for single adds).
                for (int i = 0; i < p.Count; i++)
                    a[docs[i]] += w * imps[i];
            }
            // Pass 1: the segment's k-th accumulated value. Most of the accumulator can be zero for selective
            // queries: test 8 floats at a time.
            int d0 = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; d0 + 8 <= n; d0 += 8)
                {
                    uint mask = Vector256.GreaterThan(Vector256.Load(a + d0), Vector256<float>.Zero).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int d = d0 + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        if (live is not null && !live.IsLive(d)) continue;
                        matched++;
                        local.Offer(a[d], 0, d);
                    }
                }
            }
            for (; d0 < n; d0++)
            {
                if (a[d0] > 0f && (live is null || live.IsLive(d0)))
                {
                    matched++;
                    local.Offer(a[d0], 0, d0);
                }
            }
            float bound = !local.IsFull ? 0f
                : exhaustive ? (float)(local.Threshold / (ForwardScore.Margin(terms.Length) * ForwardScore.Margin(terms.Length)))
                : local.Threshold;
            // Pass 2: canonical scores for every document that may be in the top k.
            var forward = segment.Core.Forward;
            bool wide = forward.TermWidth == 4;
            float scale = segment.Scale;
            int ord = segment.Ordinal;
            fixed (float* qd = query.Dense)
            {
                int taken = 0;
                for (int d = 0; d < n; d++)
                {
                    if (a[d] <= 0f || a[d] < bound || (live is not null && !live.IsLive(d))) continue;
                    // Approximate: ties at the bound could exceed the depth; the depth is a hard cap.
                    if (!exhaustive && taken++ >= k) break;
                    int cnt = forward.Get(d, out var tp, out var ip);
                    top.Offer(ForwardScore.Sum(tp, ip, cnt, wide, qd) * scale, ord, d);
                }
            }
        }
        return matched;
    }
}

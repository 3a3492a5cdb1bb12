using System.Numerics;
using System.Runtime.Intrinsics;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// The reference scorer: term-at-a-time accumulation of <c>weight × impact</c> over every posting of every query term
/// (ascending term order) into a per-document float accumulator, then a scan of the accumulator into the top k.
/// Score = accumulator × scale.
/// </summary>
internal static class ExhaustiveScorer
{
    public static unsafe long ScoreSegment(IndexSegment segment, PreparedQuery query, float[] acc, TopKCollector top)
    {
        int n = segment.DocCount;
        Array.Clear(acc, 0, n);
        var postings = segment.Core.Postings;
        var terms = query.Terms;
        var weights = query.Weights;
        fixed (float* a = acc)
        {
            for (int q = 0; q < terms.Length; q++)
            {
                var p = postings.Term(terms[q]);
                float w = weights[q];
                uint* docs = p.Docs;
                byte* imps = p.Impacts;
                // Scatter-add: no SIMD (conflicting lanes are impossible here but gathers/scatters do not pay on AVX2).
                for (int i = 0; i < p.Count; i++)
                    a[docs[i]] += w * imps[i];
            }
            float scale = segment.Scale;
            var live = segment.Live;
            int ord = segment.Ordinal;
            long matched = 0;
            int d = 0;
            // Most of the accumulator is zero for selective queries: skip 8 floats at a time.
            if (Vector256.IsHardwareAccelerated)
            {
                for (; d + 8 <= n; d += 8)
                {
                    uint mask = Vector256.GreaterThan(Vector256.Load(a + d), Vector256<float>.Zero).ExtractMostSignificantBits();
                    while (mask != 0)
                    {
                        int doc = d + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        if (live is not null && !live.IsLive(doc)) continue;
                        matched++;
                        top.Offer(a[doc] * scale, ord, doc);
                    }
                }
            }
            for (; d < n; d++)
            {
                if (a[d] > 0f && (live is null || live.IsLive(d)))
                {
                    matched++;
                    top.Offer(a[d] * scale, ord, d);
                }
            }
            return matched;
        }
    }
}

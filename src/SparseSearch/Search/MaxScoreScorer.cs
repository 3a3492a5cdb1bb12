using System.Numerics;
using System.Runtime.Intrinsics;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// MaxScore in doc-id windows, with exact completion from the forward index. Query terms are ordered by their upper
/// bound <c>w · maxImpact</c>; the longest prefix of low bounds whose sum cannot reach the k-th score is
/// "non-essential": a document matching only those terms cannot enter the top k, so only the essential terms' postings
/// are read. Per window of 4,096 docs the essential terms are accumulated term-at-a-time into a small array; each
/// touched document whose partial score plus the non-essential bound can still reach the threshold is scored exactly
/// from the forward index (<see cref="ForwardScore"/>, the canonical score of every mode, bit for bit). The threshold only
/// rises, so terms only ever leave the essential set.
/// <para>Float safety: bounds are sums in a different order than the exact score, so a bound is inflated by a relative
/// margin above the worst-case rounding of a sum of that many non-negative terms before it may prune anything.</para>
/// </summary>
internal sealed class MaxScoreScorer
{
    private const int WindowBits = 12;
    private const int Window = 1 << WindowBits;
    private readonly float[] _acc = new float[Window];
    private int[] _order = [];
    private float[] _bounds = [];
    private int[] _pos = [];
    private double[] _prefix = [];

    public unsafe (long Docs, long Postings) ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top, float factor)
    {
        var postings = segment.Core.Postings;
        var terms = query.BoundTerms;
        var weights = query.BoundWeights;
        int n = terms.Length;
        if (_order.Length < n)
        {
            _order = new int[n];
            _bounds = new float[n];
            _pos = new int[n];
            _prefix = new double[n + 1];
        }
        for (int i = 0; i < n; i++)
        {
            _order[i] = i;
            _bounds[i] = weights[i] * postings.Term(terms[i]).MaxImpact;
            _pos[i] = 0;
        }
        Array.Sort(_bounds, _order, 0, n);
        for (int i = 0; i < n; i++)
            _prefix[i + 1] = _prefix[i] + _bounds[i];

        float scale = segment.Scale;
        double margin = ForwardScore.Margin(query.Terms.Length);
        var forward = segment.Core.Forward;
        bool wide = forward.TermWidth == 4;
        var live = segment.Live;
        int ord = segment.Ordinal;
        int docCount = segment.DocCount;
        int nonEssential = 0;
        long docsScored = 0, postingsRead = 0;
        fixed (float* acc = _acc)
        fixed (float* qd = query.Dense)
        {
            for (int windowStart = 0; windowStart < docCount; windowStart += Window)
            {
                int windowEnd = Math.Min(docCount, windowStart + Window);
                double theta = top.Threshold;
                while (nonEssential < n && _prefix[nonEssential + 1] * scale * margin * factor < theta)
                    nonEssential++;
                if (nonEssential == n)
                    break; // no unseen document can reach the top k any more
                bool any = false;
                for (int j = nonEssential; j < n; j++)
                {
                    int q = _order[j];
                    var p = postings.Term(terms[q]);
                    int i = _pos[q];
                    if (i >= p.Count) continue;
                    // Skip whole posting blocks that end before the window (they were below an earlier window).
                    while (i < p.Count && p.Docs[i] < (uint)windowStart) i++;
                    float w = weights[q];
                    int start = i;
                    while (i < p.Count && p.Docs[i] < (uint)windowEnd)
                    {
                        acc[p.Docs[i] - (uint)windowStart] += w * p.Impacts[i];
                        i++;
                    }
                    postingsRead += i - start;
                    any |= i > start;
                    _pos[q] = i;
                }
                if (!any)
                    continue;
                float neBound = (float)_prefix[nonEssential];
                int len = windowEnd - windowStart;
                for (int off = 0; off < len; off += 8)
                {
                    uint mask;
                    if (Vector256.IsHardwareAccelerated && off + 8 <= len)
                    {
                        mask = Vector256.GreaterThan(Vector256.Load(acc + off), Vector256<float>.Zero).ExtractMostSignificantBits();
                    }
                    else
                    {
                        mask = 0;
                        for (int b = 0; b < 8 && off + b < len; b++)
                            if (acc[off + b] > 0f) mask |= 1u << b;
                    }
                    while (mask != 0)
                    {
                        int local = off + BitOperations.TrailingZeroCount(mask);
                        mask &= mask - 1;
                        float partial = acc[local];
                        acc[local] = 0f;
                        int d = windowStart + local;
                        if (live is not null && !live.IsLive(d)) continue;
                        if ((partial + (double)neBound) * scale * margin * factor < top.Threshold) continue;
                        int cnt = forward.Get(d, out var tp, out var ip);
                        float s = ForwardScore.Sum(tp, ip, cnt, wide, qd);
                        docsScored++;
                        if (s > 0f)
                            top.Offer(s * scale, ord, d);
                    }
                }
            }
        }
        return (docsScored, postingsRead);
    }
}

using System.Runtime.Intrinsics.X86;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// Approximate search from impact-ordered posting heads, after the static-pruning idea of Seismic. For each of the
/// query's strongest terms (the term cut), only the first <see cref="SearchOptions.HeadDepth"/> postings of the term's
/// head are read: the term's highest impacts. Their <c>w · impact</c> is accumulated per document into a sparse
/// accumulator. The best <see cref="SearchOptions.RescoreDepth"/> partial sums are then scored exactly from the forward
/// index, with all query terms and the canonical sum, and the best k are kept. The cost is at most
/// cut × depth sequential additions plus depth forward-index scorings, whatever the posting lengths.
/// </summary>
internal sealed class ImpactHeadScorer
{
    // Stamp and partial sum side by side: one cache miss per head posting instead of two (the arrays span the segment).
    private struct Slot
    {
        public int Stamp;
        public float Sum;
    }

    private Slot[] _slots = [];
    private const int PrefetchDistance = 16;
    private int[] _touched = [];
    private int _generation;

    public unsafe long ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top, int depth, int rescore)
    {
        int docCount = segment.DocCount;
        if (_slots.Length < docCount)
        {
            _slots = new Slot[docCount];
            _generation = 0;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_slots);
            _generation = 1;
        }
        int gen = _generation;
        var postings = segment.Core.Postings;
        var terms = query.BoundTerms;
        var weights = query.BoundWeights;
        int maxTouched = 0;
        for (int q = 0; q < terms.Length; q++)
            maxTouched += Math.Min(depth, postings.Term(terms[q]).HeadCount);
        if (_touched.Length < maxTouched)
            _touched = new int[maxTouched];
        int touched = 0;
        fixed (Slot* slots = _slots)
        fixed (int* list = _touched)
        {
            for (int q = 0; q < terms.Length; q++)
            {
                var p = postings.Term(terms[q]);
                float w = weights[q];
                int m = Math.Min(depth, p.HeadCount);
                for (int i = 0; i < m; i++)
                {
                    // Head docs are in impact order, i.e. random doc ids: prefetch a few postings ahead.
                    if (Sse.IsSupported && i + PrefetchDistance < m)
                        Sse.Prefetch0(slots + p.Head[i + PrefetchDistance]);
                    int d = (int)p.Head[i];
                    Slot* slot = slots + d;
                    if (slot->Stamp != gen)
                    {
                        slot->Stamp = gen;
                        slot->Sum = 0f;
                        list[touched++] = d;
                    }
                    slot->Sum += w * p.HeadImpacts[i];
                }
            }
            var live = segment.Live;
            var best = new TopKCollector(Math.Max(1, rescore));
            for (int i = 0; i < touched; i++)
            {
                int d = list[i];
                if (live is null || live.IsLive(d))
                    best.Offer(slots[d].Sum, 0, d);
            }
            var forward = segment.Core.Forward;
            bool wide = forward.TermWidth == 4;
            float scale = segment.Scale;
            int ord = segment.Ordinal;
            fixed (float* qd = query.Dense)
            {
                foreach (var (_, _, d) in best.Drain())
                {
                    int cnt = forward.Get(d, out var tp, out var ip);
                    float s = ForwardScore.Sum(tp, ip, cnt, wide, qd);
                    if (s > 0f)
                        top.Offer(s * scale, ord, d);
                }
            }
            return best.Count;
        }
    }
}

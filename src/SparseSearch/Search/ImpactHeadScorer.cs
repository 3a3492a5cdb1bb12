using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// Approximate candidate generation from impact-ordered posting heads (the idea behind Seismic's static pruning):
/// for each of the query's strongest terms (the term cut), the documents with that term's highest impacts (the first
/// <see cref="SearchOptions.HeadDepth"/> of the term's stored head) become candidates; each candidate is scored
/// exactly from the forward index (so returned scores are exact) and the best k are kept. Cost: at most
/// cut × depth forward-index scorings, independent of the posting lengths.
/// </summary>
internal sealed class ImpactHeadScorer
{
    private int[] _stamp = [];
    private int _generation;

    public unsafe long ScoreSegment(IndexSegment segment, PreparedQuery query, TopKCollector top, int depth)
    {
        int docCount = segment.DocCount;
        if (_stamp.Length < docCount)
        {
            _stamp = new int[docCount];
            _generation = 0;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }
        int gen = _generation;
        var postings = segment.Core.Postings;
        var forward = segment.Core.Forward;
        bool wide = forward.TermWidth == 4;
        var live = segment.Live;
        float scale = segment.Scale;
        int ord = segment.Ordinal;
        long scored = 0;
        // Strongest terms first: their heads hold the likeliest winners, and the heap threshold rises early.
        var terms = query.BoundTerms;
        var order = new int[terms.Length];
        var keys = new float[terms.Length];
        for (int i = 0; i < order.Length; i++) { order[i] = i; keys[i] = -query.BoundWeights[i]; }
        Array.Sort(keys, order);
        fixed (int* stamp = _stamp)
        fixed (float* qd = query.Dense)
        {
            foreach (var q in order)
            {
                var p = postings.Term(terms[q]);
                int m = Math.Min(depth, p.HeadCount);
                for (int i = 0; i < m; i++)
                {
                    int d = (int)p.Head[i];
                    if (stamp[d] == gen) continue;
                    stamp[d] = gen;
                    if (live is not null && !live.IsLive(d)) continue;
                    int cnt = forward.Get(d, out var tp, out var ip);
                    float s = ForwardScore.Sum(tp, ip, cnt, wide, qd);
                    scored++;
                    if (s > 0f)
                        top.Offer(s * scale, ord, d);
                }
            }
        }
        return scored;
    }
}

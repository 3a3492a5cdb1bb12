namespace SparseSearch.Search;

/// <summary>
/// Keeps the best k (score, segment, doc) under the engine's total order: higher score first; equal scores by
/// ascending segment ordinal, then ascending doc id. Every search mode uses this order, so ties resolve identically.
/// A binary heap with the worst entry at the root; arrays only, no allocation per offer.
/// </summary>
internal sealed class TopKCollector
{
    private readonly float[] _scores;
    private readonly int[] _segs;
    private readonly int[] _docs;
    private int _count;

    public TopKCollector(int k)
    {
        _scores = new float[k];
        _segs = new int[k];
        _docs = new int[k];
    }

    public int Count => _count;
    public bool IsFull => _count == _scores.Length;

    /// <summary>The k-th best score so far, or −∞ until k hits are held: anything scoring below can be skipped.</summary>
    public float Threshold => IsFull ? _scores[0] : float.NegativeInfinity;

    private static bool Worse(float sa, int ga, int da, float sb, int gb, int db) =>
        sa < sb || (sa == sb && (ga > gb || (ga == gb && da > db)));

    public void Offer(float score, int seg, int doc)
    {
        if (_count < _scores.Length)
        {
            int i = _count++;
            _scores[i] = score; _segs[i] = seg; _docs[i] = doc;
            SiftUp(i);
            return;
        }
        if (!Worse(_scores[0], _segs[0], _docs[0], score, seg, doc))
            return;
        _scores[0] = score; _segs[0] = seg; _docs[0] = doc;
        SiftDown(0);
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!Worse(_scores[i], _segs[i], _docs[i], _scores[p], _segs[p], _docs[p]))
                break;
            Swap(i, p);
            i = p;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, w = i;
            if (l < _count && Worse(_scores[l], _segs[l], _docs[l], _scores[w], _segs[w], _docs[w])) w = l;
            if (r < _count && Worse(_scores[r], _segs[r], _docs[r], _scores[w], _segs[w], _docs[w])) w = r;
            if (w == i) return;
            Swap(i, w);
            i = w;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_segs[a], _segs[b]) = (_segs[b], _segs[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
    }

    /// <summary>Entries best first.</summary>
    public (float Score, int Seg, int Doc)[] Drain()
    {
        var result = new (float, int, int)[_count];
        for (int i = 0; i < _count; i++)
            result[i] = (_scores[i], _segs[i], _docs[i]);
        Array.Sort(result, (x, y) =>
            Worse(x.Item1, x.Item2, x.Item3, y.Item1, y.Item2, y.Item3) ? 1 :
            Worse(y.Item1, y.Item2, y.Item3, x.Item1, x.Item2, x.Item3) ? -1 : 0);
        return result;
    }
}

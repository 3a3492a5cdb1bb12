namespace SparseSearch.Evaluation.Exhaustive;

/// <summary>
/// Keeps the best k of a scored document set in a bounded min-heap, then returns them in trec_eval order
/// (score descending, ties by doc id descending), so exhaustive runs are exactly reproducible.
/// </summary>
/// <remarks>Array-backed heap of document ordinals: selecting from a whole corpus allocates only the k-sized result.</remarks>
internal sealed class TopKSelector
{
    private readonly string[] _docIds;
    private readonly int[] _heap;
    private readonly float[] _heapScores;
    private int _count;

    public TopKSelector(string[] docIds, int k)
    {
        if (k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive.");
        _docIds = docIds;
        _heap = new int[k];
        _heapScores = new float[k];
    }

    public void Clear() => _count = 0;

    /// <summary>Offers one document; kept when it beats the current k-th best.</summary>
    public void Offer(int doc, float score)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = doc;
            _heapScores[_count] = score;
            SiftUp(_count++);
        }
        else if (Worse(_heap[0], _heapScores[0], doc, score))
        {
            _heap[0] = doc;
            _heapScores[0] = score;
            SiftDown(0);
        }
    }

    /// <summary>The kept documents, best first.</summary>
    public (string DocId, float Score)[] Result()
    {
        var result = new (string DocId, float Score)[_count];
        for (int i = 0; i < _count; i++)
            result[i] = (_docIds[_heap[i]], _heapScores[i]);
        Array.Sort(result, static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : string.CompareOrdinal(b.DocId, a.DocId);
        });
        return result;
    }

    /// <summary>True when (a, sa) ranks below (b, sb): lower score, or equal score and smaller doc id.</summary>
    private bool Worse(int a, float sa, int b, float sb) =>
        sa < sb || (sa == sb && string.CompareOrdinal(_docIds[a], _docIds[b]) < 0);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Worse(_heap[i], _heapScores[i], _heap[parent], _heapScores[parent]))
                break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < _count && Worse(_heap[l], _heapScores[l], _heap[worst], _heapScores[worst]))
                worst = l;
            if (r < _count && Worse(_heap[r], _heapScores[r], _heap[worst], _heapScores[worst]))
                worst = r;
            if (worst == i)
                return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_heap[a], _heap[b]) = (_heap[b], _heap[a]);
        (_heapScores[a], _heapScores[b]) = (_heapScores[b], _heapScores[a]);
    }
}

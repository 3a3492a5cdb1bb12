namespace SparseSearch.Index.Merge;

/// <summary>
/// Recursive graph bisection over documents given as term lists (CSR: document i has terms
/// <c>terms[start[i]..start[i+1])</c>). See <see cref="DocReorderer"/> for the method. The hot loops run over plain
/// arrays with O(vocabulary) scratch reused per worker, because a merge of 1M documents touches ~150M postings per
/// iteration and level.
/// </summary>
internal static class GraphBisection
{
    /// <summary>Returns the new order: <c>order[position] = document</c>.</summary>
    public static int[] Order(int[] start, int[] terms, int vocab, int leaf, int iterations, CancellationToken cancel)
    {
        int n = start.Length - 1;
        var perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        if (n <= leaf) return perm;
        var log2 = new float[n + 2];
        for (int i = 1; i < log2.Length; i++) log2[i] = MathF.Log2(i);
        var job = new Job(start, terms, perm, log2, leaf, iterations, cancel);
        job.Bisect(new Scratch(vocab), 0, n, 0);
        return perm;
    }

    private sealed class Scratch(int vocab)
    {
        public readonly int[] Left = new int[vocab];
        public readonly int[] Right = new int[vocab];
        public readonly float[] MoveLeftToRight = new float[vocab];
        public readonly float[] MoveRightToLeft = new float[vocab];
        public readonly int[] Touched = new int[vocab];
        public float[] Keys = [];
        public int[] Items = [];
    }

    private sealed class Job(int[] start, int[] terms, int[] perm, float[] log2, int leaf, int iterations,
        CancellationToken cancel)
    {
        public void Bisect(Scratch s, int lo, int hi, int depth)
        {
            int size = hi - lo;
            if (size <= leaf) return;
            cancel.ThrowIfCancellationRequested();
            // Left half = half of the blocks (rounded up), so every leaf stays one aligned block.
            int blocks = (size + leaf - 1) / leaf;
            int mid = lo + (blocks + 1) / 2 * leaf;
            if (mid >= hi) mid = lo + size / 2;
            Refine(s, lo, mid, hi);
            if (depth < 2 && size > 65536)
            {
                // Two workers at the top levels; each side owns its half of perm and its own scratch.
                var other = new Scratch(s.Left.Length);
                try
                {
                    Parallel.Invoke(() => Bisect(s, lo, mid, depth + 1), () => Bisect(other, mid, hi, depth + 1));
                }
                catch (AggregateException e) when (e.InnerException is OperationCanceledException)
                {
                    // The merge treats cancellation (writer closing) apart from failures: surface it unwrapped.
                    throw new OperationCanceledException("reordering cancelled", e, cancel);
                }
            }
            else
            {
                Bisect(s, lo, mid, depth + 1);
                Bisect(s, mid, hi, depth + 1);
            }
        }

        private void Refine(Scratch s, int lo, int mid, int hi)
        {
            int n1 = mid - lo, n2 = hi - mid;
            float l1 = log2[n1], l2 = log2[n2];
            int[] left = s.Left, right = s.Right, touched = s.Touched;
            float[] ltr = s.MoveLeftToRight, rtl = s.MoveRightToLeft;
            if (s.Keys.Length < hi - lo)
            {
                s.Keys = new float[hi - lo];
                s.Items = new int[hi - lo];
            }
            var keys = s.Keys;
            var items = s.Items;
            for (int iter = 0; iter < iterations; iter++)
            {
                int nt = 0;
                for (int i = lo; i < hi; i++)
                {
                    int d = perm[i];
                    var deg = i < mid ? left : right;
                    for (int p = start[d], e = start[d + 1]; p < e; p++)
                    {
                        int t = terms[p];
                        if (left[t] == 0 && right[t] == 0) touched[nt++] = t;
                        deg[t]++;
                    }
                }
                for (int j = 0; j < nt; j++)
                {
                    int t = touched[j], a = left[t], b = right[t];
                    float now = Cost(a, l1, b, l2);
                    ltr[t] = a > 0 ? now - Cost(a - 1, l1, b + 1, l2) : 0f;
                    rtl[t] = b > 0 ? now - Cost(a + 1, l1, b - 1, l2) : 0f;
                }
                for (int i = lo; i < hi; i++)
                {
                    int d = perm[i];
                    var move = i < mid ? ltr : rtl;
                    float g = 0f;
                    for (int p = start[d], e = start[d + 1]; p < e; p++)
                        g += move[terms[p]];
                    keys[i - lo] = -g; // ascending sort of -gain = best movers first
                    items[i - lo] = d;
                }
                Array.Sort(keys, items, 0, n1);
                Array.Sort(keys, items, n1, n2);
                Array.Copy(items, 0, perm, lo, hi - lo);
                int swaps = 0;
                int m = Math.Min(n1, n2);
                for (int j = 0; j < m; j++)
                {
                    if (-keys[j] - keys[n1 + j] <= 0f) break;
                    (perm[lo + j], perm[mid + j]) = (perm[mid + j], perm[lo + j]);
                    swaps++;
                }
                for (int j = 0; j < nt; j++)
                {
                    int t = touched[j];
                    left[t] = 0; right[t] = 0;
                }
                if (swaps == 0) break;
            }
        }

        private float Cost(int a, float l1, int b, float l2) => a * (l1 - log2[a + 1]) + b * (l2 - log2[b + 1]);
    }
}

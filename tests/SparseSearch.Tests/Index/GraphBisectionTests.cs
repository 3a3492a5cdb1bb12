using Xunit;
using SparseSearch.Index.Merge;

namespace SparseSearch.Tests.Index;

/// <summary>Graph bisection recovers planted topical clusters from a shuffled order and returns a permutation.</summary>
public class GraphBisectionTests
{
    [Fact]
    public void RecoversPlantedClustersIntoBlocks()
    {
        const int clusters = 64, perCluster = 16, vocab = 5000, block = 16;
        var rng = new Random(7);
        // Each cluster has 40 topic terms; a document keeps ~half of them plus 6 random noise terms.
        var topics = new int[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            topics[c] = new int[40];
            for (int j = 0; j < 40; j++) topics[c][j] = rng.Next(vocab);
        }
        int n = clusters * perCluster;
        var label = new int[n];
        var docOrder = new int[n];
        for (int i = 0; i < n; i++) docOrder[i] = i;
        rng.Shuffle(docOrder);
        var start = new int[n + 1];
        var terms = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int c = docOrder[i] / perCluster;
            label[i] = c;
            var set = new SortedSet<int>();
            foreach (var t in topics[c]) if (rng.NextDouble() < 0.5) set.Add(t);
            for (int j = 0; j < 6; j++) set.Add(rng.Next(vocab));
            terms.AddRange(set);
            start[i + 1] = terms.Count;
        }

        var order = GraphBisection.Order(start, terms.ToArray(), vocab, block, DocReorderer.Iterations, CancellationToken.None);

        Assert.Equal(n, order.Length);
        var seen = new bool[n];
        foreach (var d in order)
        {
            Assert.False(seen[d]);
            seen[d] = true;
        }
        // Purity: share of documents whose block's majority cluster is their own. A shuffled order gives ~1/16.
        int pure = 0;
        for (int b = 0; b < n; b += block)
        {
            var counts = new Dictionary<int, int>();
            for (int i = b; i < b + block; i++)
                counts[label[order[i]]] = counts.GetValueOrDefault(label[order[i]]) + 1;
            int best = 0;
            foreach (var v in counts.Values) best = Math.Max(best, v);
            pure += best;
        }
        double purity = (double)pure / n;
        Assert.True(purity > 0.9, $"block purity {purity:F3}");
    }

    [Fact]
    public void CancellationSurfacesAsOperationCanceled()
    {
        // Large enough to run in parallel (levels and halves), whose cancellation must not surface as an AggregateException.
        const int n = 200_000;
        var start = new int[n + 1];
        var terms = new int[3 * n];
        var rng = new Random(3);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) terms[3 * i + j] = 1000 * j + rng.Next(1000);
            start[i + 1] = 3 * (i + 1);
        }
        // Cancelled from a thread of its own, like a writer being disposed: a timer's callback needs a pool thread, and
        // the bisection keeps the pool's threads busy.
        using var cts = new CancellationTokenSource();
        var canceller = new Thread(() =>
        {
            Thread.Sleep(50);
            cts.Cancel();
        });
        canceller.Start();
        var e = Record.Exception(() => GraphBisection.Order(start, terms, 3000, 8, 10, cts.Token));
        canceller.Join();
        Assert.IsAssignableFrom<OperationCanceledException>(e);
    }

    [Fact]
    public void SmallInputsKeepTheirOrder()
    {
        var order = GraphBisection.Order([0, 1, 2, 3], [5, 6, 7], 10, 4, 10, CancellationToken.None);
        Assert.Equal([0, 1, 2], order);
    }

    /// <summary>Topical documents: 40 topics of 30 terms over a 2,000-term vocabulary, ~10 topic terms plus 3 noise
    /// terms each, in random order.</summary>
    private static (int[] Start, int[] Terms) TopicCorpus(int n, int seed)
    {
        const int vocab = 2000;
        var rng = new Random(seed);
        var topics = new int[40][];
        for (int c = 0; c < topics.Length; c++)
        {
            topics[c] = new int[30];
            for (int j = 0; j < 30; j++) topics[c][j] = rng.Next(vocab);
        }
        var start = new int[n + 1];
        var terms = new List<int>();
        for (int i = 0; i < n; i++)
        {
            var topic = topics[rng.Next(topics.Length)];
            var set = new SortedSet<int>();
            foreach (var t in topic) if (rng.NextDouble() < 0.33) set.Add(t);
            for (int j = 0; j < 3; j++) set.Add(rng.Next(vocab));
            terms.AddRange(set);
            start[i + 1] = terms.Count;
        }
        return (start, terms.ToArray());
    }

    [Fact]
    public void OrderIsTheSameForAnyWorkerCountAndRunAndMatchesAPlainRecursion()
    {
        // Above both parallel cutoffs, with an odd size so splits are uneven.
        int n = GraphBisection.ParallelMinDocs * 3 + 123;
        Assert.True(n > 2 * GraphBisection.HalvesInParallelMinDocs);
        var (start, terms) = TopicCorpus(n, 17);

        var reference = ReferenceOrder(start, terms, 2000, 8, DocReorderer.Iterations);
        Assert.NotEqual(Enumerable.Range(0, n), reference);
        var first = GraphBisection.Order(start, terms, 2000, 8, DocReorderer.Iterations, CancellationToken.None, workers: 2);
        var second = GraphBisection.Order(start, terms, 2000, 8, DocReorderer.Iterations, CancellationToken.None, workers: 2);
        var single = GraphBisection.Order(start, terms, 2000, 8, DocReorderer.Iterations, CancellationToken.None, workers: 1);
        var many = GraphBisection.Order(start, terms, 2000, 8, DocReorderer.Iterations, CancellationToken.None, workers: 5);
        Assert.Equal(reference, first);
        Assert.Equal(first, second);
        Assert.Equal(first, single);
        Assert.Equal(first, many);
    }

    /// <summary>The method as <see cref="DocReorderer"/> describes it, written plainly: depth-first, one thread,
    /// degrees and move gains recounted from scratch for every iteration.</summary>
    private static int[] ReferenceOrder(int[] start, int[] terms, int vocab, int leaf, int iterations)
    {
        int n = start.Length - 1;
        var perm = Enumerable.Range(0, n).ToArray();
        var log2 = new float[n + 2];
        for (int i = 1; i < log2.Length; i++) log2[i] = MathF.Log2(i);
        float Cost(int a, float l1, int b, float l2) => a * (l1 - log2[a + 1]) + b * (l2 - log2[b + 1]);

        void Bisect(int lo, int hi)
        {
            int size = hi - lo;
            if (size <= leaf) return;
            int blocks = (size + leaf - 1) / leaf;
            int mid = lo + (blocks + 1) / 2 * leaf;
            if (mid >= hi) mid = lo + size / 2;
            int n1 = mid - lo, n2 = hi - mid;
            for (int iter = 0; iter < iterations; iter++)
            {
                var left = new int[vocab];
                var right = new int[vocab];
                for (int i = lo; i < hi; i++)
                    for (int p = start[perm[i]]; p < start[perm[i] + 1]; p++)
                        (i < mid ? left : right)[terms[p]]++;
                var keys = new float[size];
                var items = new int[size];
                for (int i = lo; i < hi; i++)
                {
                    var moves = new List<float>();
                    for (int p = start[perm[i]]; p < start[perm[i] + 1]; p++)
                    {
                        int t = terms[p], a = left[t], b = right[t];
                        float now = Cost(a, log2[n1], b, log2[n2]);
                        if (i < mid)
                            moves.Add(a > 0 ? now - Cost(a - 1, log2[n1], b + 1, log2[n2]) : 0f);
                        else
                            moves.Add(b > 0 ? now - Cost(a + 1, log2[n1], b - 1, log2[n2]) : 0f);
                    }
                    // Summed in the implementation's order (four interleaved partial sums): float addition is not
                    // associative, and a different rounding may legitimately flip a near-tie.
                    var partial = new float[4];
                    int full = moves.Count / 4 * 4;
                    for (int j = 0; j < full; j++) partial[j % 4] += moves[j];
                    for (int j = full; j < moves.Count; j++) partial[0] += moves[j];
                    keys[i - lo] = -((partial[0] + partial[1]) + (partial[2] + partial[3]));
                    items[i - lo] = perm[i];
                }
                Array.Sort(keys, items, 0, n1);
                Array.Sort(keys, items, n1, n2);
                Array.Copy(items, 0, perm, lo, size);
                int swaps = 0;
                for (int j = 0; j < Math.Min(n1, n2) && -keys[j] - keys[n1 + j] > 0f; j++, swaps++)
                    (perm[lo + j], perm[mid + j]) = (perm[mid + j], perm[lo + j]);
                if (swaps == 0) break;
            }
            Bisect(lo, mid);
            Bisect(mid, hi);
        }

        Bisect(0, n);
        return perm;
    }
}

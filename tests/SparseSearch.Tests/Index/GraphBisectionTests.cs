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
        // Large enough for the parallel top levels, whose cancellation must not surface as an AggregateException.
        const int n = 200_000;
        var start = new int[n + 1];
        var terms = new int[3 * n];
        var rng = new Random(3);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++) terms[3 * i + j] = 1000 * j + rng.Next(1000);
            start[i + 1] = 3 * (i + 1);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var e = Record.Exception(() => GraphBisection.Order(start, terms, 3000, 8, 10, cts.Token));
        Assert.IsAssignableFrom<OperationCanceledException>(e);
    }

    [Fact]
    public void SmallInputsKeepTheirOrder()
    {
        var order = GraphBisection.Order([0, 1, 2, 3], [5, 6, 7], 10, 4, 10, CancellationToken.None);
        Assert.Equal([0, 1, 2], order);
    }
}

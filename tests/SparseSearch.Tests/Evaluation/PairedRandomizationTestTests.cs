using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Evaluation.Significance;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class PairedRandomizationTestTests
{
    private static double[] Noise(int n, int seed, double scale)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = rng.NextDouble() * scale;
        return v;
    }

    [Fact]
    public void IdenticalRunsGivePValueOne()
    {
        var a = Noise(300, 1, 1);
        Assert.Equal(1.0, PairedRandomizationTest.PValue(a, a));
    }

    [Fact]
    public void ClearlyBetterRunGivesSmallPValue()
    {
        var a = Noise(300, 1, 0.5);
        var b = new double[a.Length];
        var noise = Noise(300, 2, 0.1);
        for (int i = 0; i < a.Length; i++)
            b[i] = a[i] + 0.05 + noise[i];   // better on every query, by a varying amount
        double p = PairedRandomizationTest.PValue(a, b, 10_000);
        Assert.True(p < 0.001, $"p = {p}");
        Assert.Equal(1.0 / 10_001, p, 12);   // no random sign assignment reaches the observed difference
    }

    [Fact]
    public void DifferencesThatCancelAreNotSignificantAndResultsAreSymmetricAndSeeded()
    {
        var a = new double[100];
        var b = new double[100];
        for (int i = 0; i < 100; i++)
        {
            a[i] = 0.5;
            b[i] = i % 2 == 0 ? 0.6 : 0.4;   // mean difference exactly 0
        }
        Assert.Equal(1.0, PairedRandomizationTest.PValue(a, b));

        var x = Noise(50, 3, 1);
        var y = Noise(50, 4, 1);
        double p1 = PairedRandomizationTest.PValue(x, y, 5000, seed: 7);
        Assert.Equal(p1, PairedRandomizationTest.PValue(y, x, 5000, seed: 7));
        Assert.Equal(p1, PairedRandomizationTest.PValue(x, y, 5000, seed: 7));
        Assert.InRange(p1, 0.01, 1.0);   // two independent uniform samples
    }

    [Fact]
    public void CompareAlignsQueriesAndReportsEveryMeasure()
    {
        var qrels = new Qrels();
        for (int q = 0; q < 40; q++)
            qrels.Add($"q{q}", "rel", 1);
        var good = new TrecRun();
        var bad = new TrecRun();
        for (int q = 39; q >= 0; q--)   // run query order differs from qrels order
        {
            good.AddResults($"q{q}", [("rel", 2f), ("x", 1f)]);
            bad.AddResults($"q{q}", q % 4 == 0 ? [("rel", 2f), ("x", 1f)] : [("x", 2f), ("y", 1.5f), ("z", 1.2f), ("rel", 1f)]);
        }
        var ev = new TrecEvaluator(qrels);
        var cmp = PairedRandomizationTest.Compare(ev.Evaluate(bad), ev.Evaluate(good), 2000);
        Assert.Equal(Metric.Standard.Count, cmp.Count);
        var ndcg = cmp.Single(c => c.Metric == Metric.Ndcg10);
        Assert.True(ndcg.Difference > 0.3);
        Assert.True(ndcg.PValue < 0.001);
        var recall = cmp.Single(c => c.Metric == new Metric(MetricKind.Recall, 100));
        Assert.Equal(0, recall.Difference);
        Assert.Equal(1.0, recall.PValue);
    }
}

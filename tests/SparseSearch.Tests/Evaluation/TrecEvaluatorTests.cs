using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

/// <summary>Hand-computed cases for the trec_eval semantics of <see cref="TrecEvaluator"/>.</summary>
public sealed class TrecEvaluatorTests
{
    private static readonly Metric Ndcg10 = new(MetricKind.Ndcg, 10);
    private static readonly Metric Ndcg3 = new(MetricKind.Ndcg, 3);
    private static readonly Metric R100 = new(MetricKind.Recall, 100);
    private static readonly Metric R2 = new(MetricKind.Recall, 2);
    private static readonly Metric P10 = new(MetricKind.Precision, 10);
    private static readonly Metric Mrr10 = new(MetricKind.ReciprocalRank, 10);
    private static readonly Metric Map1000 = new(MetricKind.AveragePrecision, 1000);
    private static readonly Metric[] All = [Ndcg10, Ndcg3, R100, R2, P10, Mrr10, Map1000];

    private static TrecRun Run(string qid, params (string Doc, double Score)[] entries)
    {
        var run = new TrecRun("t");
        run.AddQuery(qid);
        foreach (var (doc, score) in entries)
            Assert.True(run.TryAdd(qid, doc, score));
        return run;
    }

    private static Qrels Judge(string qid, params (string Doc, int Grade)[] grades)
    {
        var q = new Qrels();
        foreach (var (doc, grade) in grades)
            q.Add(qid, doc, grade);
        return q;
    }

    [Fact]
    public void TiedScoresRankByDocIdDescending()
    {
        // a, b, c share a score: trec_eval ranks c, b, a, so the one relevant doc "a" is third.
        var result = new TrecEvaluator(Judge("q", ("a", 1)), All).Evaluate(Run("q", ("a", 1.0), ("b", 1.0), ("c", 1.0)));
        Assert.Equal(1 / Math.Log2(4), result.Mean(Ndcg10), 12);
        Assert.Equal(1.0 / 3, result.Mean(Mrr10), 12);
        Assert.Equal(1.0 / 3, result.Mean(Map1000), 12);
        Assert.Equal(0.0, result.Mean(R2), 12);
    }

    [Fact]
    public void RankColumnAndInputOrderDoNotMatterOnlyScores()
    {
        var qrels = Judge("q", ("x", 1));
        var a = new TrecEvaluator(qrels, All).Evaluate(Run("q", ("x", 0.5), ("y", 0.9)));
        var b = new TrecEvaluator(qrels, All).Evaluate(Run("q", ("y", 0.9), ("x", 0.5)));
        Assert.Equal(0.5, a.Mean(Mrr10), 12);
        Assert.Equal(a.Mean(Ndcg10), b.Mean(Ndcg10), 12);
    }

    [Fact]
    public void GradedQrelsUseGradeAsGainAndOnlyPositiveGradesAsRelevant()
    {
        var qrels = Judge("q", ("d1", 2), ("d2", 1), ("d3", 0), ("d4", -1));
        var run = Run("q", ("d3", 0.9), ("d1", 0.8), ("d4", 0.7), ("d2", 0.6), ("dx", 0.5));
        var r = new TrecEvaluator(qrels, All).Evaluate(run);
        double dcg = 2 / Math.Log2(3) + 1 / Math.Log2(5);
        double idcg = 2 / Math.Log2(2) + 1 / Math.Log2(3);
        Assert.Equal(dcg / idcg, r.Mean(Ndcg10), 12);
        // Cut at 3: DCG has only d1 (rank 2); the ideal ranking still has both relevant docs.
        Assert.Equal(2 / Math.Log2(3) / idcg, r.Mean(Ndcg3), 12);
        Assert.Equal(1.0, r.Mean(R100), 12);
        Assert.Equal(0.5, r.Mean(R2), 12);            // only d1 of {d1, d2} in the top 2
        Assert.Equal(0.2, r.Mean(P10), 12);
        Assert.Equal(0.5, r.Mean(Mrr10), 12);
        Assert.Equal((1.0 / 2 + 2.0 / 4) / 2, r.Mean(Map1000), 12);
        Assert.Equal(new QueryCounts(5, 2, 2), r.Counts[0]);
    }

    [Fact]
    public void JudgedQueriesWithoutResultsCountZeroAndUnjudgedRunQueriesAreIgnored()
    {
        var qrels = new Qrels();
        qrels.Add("q1", "a", 1);
        qrels.Add("q2", "b", 1);
        var run = Run("q1", ("a", 1.0));
        run.TryAdd("q3", "a", 1.0); // not judged
        var r = new TrecEvaluator(qrels, All).Evaluate(run);
        Assert.Equal(new[] { "q1", "q2" }, r.QueryIds);
        Assert.Equal(1.0, r.Value("q1", Ndcg10), 12);
        Assert.Equal(0.0, r.Value("q2", Ndcg10), 12);
        Assert.Equal(0.5, r.Mean(Ndcg10), 12);
        Assert.Equal(0.5, r.Mean(R100), 12);
        Assert.Equal(1, r.UnjudgedRunQueries);
        Assert.Equal(1, r.QueriesWithoutResults);
    }

    [Fact]
    public void QueryJudgedOnlyNonRelevantStillCountsInTheMean()
    {
        var qrels = new Qrels();
        qrels.Add("q1", "a", 1);
        qrels.Add("q2", "b", 0);
        var run = Run("q1", ("a", 1.0));
        run.TryAdd("q2", "b", 1.0);
        var r = new TrecEvaluator(qrels, All).Evaluate(run);
        Assert.Equal(0.5, r.Mean(Ndcg10), 12);
        Assert.Equal(0.0, r.Value("q2", Map1000), 12);
    }

    [Fact]
    public void DocumentWithTheQueryIdIsDroppedUnlessDisabled()
    {
        var qrels = Judge("q1", ("d1", 1), ("q1", 1));
        var run = Run("q1", ("q1", 2.0), ("d1", 1.0));
        var dropped = new TrecEvaluator(qrels, All).Evaluate(run);
        // q1 is removed from the ranking (but stays in the qrels, as with BEIR), so d1 is first.
        Assert.Equal(1.0, dropped.Mean(Mrr10), 12);
        Assert.Equal(1 / (1 + 1 / Math.Log2(3)), dropped.Mean(Ndcg10), 12);
        Assert.Equal(1, dropped.Counts[0].Retrieved);
        var kept = new TrecEvaluator(qrels, All, ignoreIdenticalIds: false).Evaluate(run);
        Assert.Equal(1.0, kept.Mean(Ndcg10), 12);
    }

    [Fact]
    public void EmptyRunGivesZeroForEveryJudgedQuery()
    {
        var qrels = Judge("q", ("a", 1));
        var r = new TrecEvaluator(qrels, All).Evaluate(new TrecRun());
        foreach (var m in All)
            Assert.Equal(0.0, r.Mean(m));
        var r2 = new TrecEvaluator(qrels, All).Evaluate(Run("q"));
        Assert.Equal(0.0, r2.Mean(Ndcg10));
        Assert.Equal(1, r2.QueriesWithoutResults);
    }

    [Fact]
    public void DuplicateDocumentsInAQueryAreRejectedAsTrecEvalDoes()
    {
        var ev = new TrecEvaluator(Judge("q", ("a", 1)), All);
        var ex = Assert.Throws<ArgumentException>(() =>
            ev.EvaluateQuery("q", [new RunEntry("a", 1), new RunEntry("b", 0.5), new RunEntry("a", 0.2)], new double[All.Length]));
        Assert.Contains("a", ex.Message);
        var run = new TrecRun();
        Assert.True(run.TryAdd("q", "a", 1));
        Assert.False(run.TryAdd("q", "a", 2));
    }

    [Fact]
    public void CutoffLargerThanTheRunUsesWhatThereIs()
    {
        var qrels = Judge("q", ("a", 1), ("b", 1), ("c", 1), ("z", 1));
        var r = new TrecEvaluator(qrels, All).Evaluate(Run("q", ("a", 3), ("x", 2), ("c", 1)));
        Assert.Equal(0.2, r.Mean(P10), 12);               // 2 relevant / 10, not / 3
        Assert.Equal(0.5, r.Mean(R100), 12);              // 2 of 4
        Assert.Equal((1.0 + 2.0 / 3) / 4, r.Mean(Map1000), 12);
        double idcg = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4) + 1 / Math.Log2(5);
        Assert.Equal((1 + 1 / Math.Log2(4)) / idcg, r.Mean(Ndcg10), 12);
    }

    [Fact]
    public void MrrCutsAtItsDepth()
    {
        var entries = new List<(string, double)>();
        for (int i = 0; i < 12; i++)
            entries.Add(($"d{i:D2}", 100 - i));
        var r = new TrecEvaluator(Judge("q", ("d10", 1)), All).Evaluate(Run("q", [.. entries]));
        Assert.Equal(0.0, r.Mean(Mrr10));                // first relevant at rank 11
        Assert.Equal(1.0, r.Mean(R100));
    }

    [Fact]
    public void MetricNamesParseInBothForms()
    {
        Assert.Equal(Ndcg10, Metric.Parse("ndcg_cut_10"));
        Assert.Equal(Ndcg10, Metric.Parse("nDCG@10"));
        Assert.Equal(new Metric(MetricKind.Precision, 10), Metric.Parse("P_10"));
        Assert.Equal(new Metric(MetricKind.AveragePrecision, 100), Metric.Parse("map_cut_100"));
        Assert.Equal(R100, Metric.Parse("R@100"));
        Assert.Equal("recall@100", R100.Name);
        Assert.Equal("map_cut_1000", Map1000.TrecName);
        Assert.Throws<FormatException>(() => Metric.Parse("bpref"));
    }
}

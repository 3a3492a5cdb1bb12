using System.Text.Json;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Reports;
using SparseSearch.Evaluation.Significance;
using SparseSearch.Search.Fusion;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Evaluation;

/// <summary>
/// The library side of <c>sparsesearch eval</c>, <c>eval sweep</c> and <c>eval compare</c> on real SciFact data, with
/// exhaustive retrievers over the pre-encoded vectors standing in for the index.
/// </summary>
[Collection(SciFactPreEncodedCollection.Name)]
public sealed class SciFactHarnessTests
{
    private readonly ITestOutputHelper _output;
    private readonly SciFactPreEncodedFixture _data;

    public SciFactHarnessTests(ITestOutputHelper output, SciFactPreEncodedFixture data)
    {
        _output = output;
        _data = data;
    }

    private Retriever SparseRetriever => q => _data.Sparse.Search(_data.SparseQueries[q.Id], 1000);
    private Retriever DenseRetriever => q => _data.Dense.Search(_data.DenseQueries[q.Id], 1000);

    private EvaluationSettings Settings(string mode, params (string Key, string Value)[] parameters) => new()
    {
        Dataset = "scifact",
        Mode = mode,
        Models = new Dictionary<string, string> { ["sparse"] = "splade-tiny", ["dense"] = "all-MiniLM-L6-v2" },
        Parameters = parameters.ToDictionary(p => p.Key, p => p.Value),
        Command = "exhaustive search over ../shared/data/scifact/encoded (test)",
    };

    [Fact]
    public void EvaluatorWritesOutputsBesideTheReferenceRows()
    {
        var hybrid = Evaluator.Run(_data.Dataset, q => FusedHits.ToCandidates(ConvexFusion.FuseHybrid(DenseRetriever(q), SparseRetriever(q), 0.5, depth: 1000)),
            Settings("hybrid", ("fusion", "minmax"), ("alpha", "0.5")));
        Assert.Equal(0.715276, hybrid.Result.Mean(Metric.Ndcg10), 6);
        using var dir = TestPaths.NewTempDir();
        var reference = ReferenceTable.Load(Path.Combine(TestPaths.RepoRoot, "eval", "reference", "REFERENCE_MODELS.md"));
        EvaluationOutputs.WriteAll(hybrid, dir.Path, reference);
        var report = File.ReadAllText(Path.Combine(dir.Path, "report.md"));
        _output.WriteLine(report);
        Assert.Contains("| hybrid: dense + splade, min-max, α 0.5 | 0.7153 (ours ±0.0000) | 0.9450 (ours ±0.0000) |", report);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        Assert.Equal(300, json.RootElement.GetProperty("query_count").GetInt32());
        Assert.Equal(300 * 1000, File.ReadAllLines(Path.Combine(dir.Path, "run.trec")).Length);
        Assert.Equal(301, File.ReadAllLines(Path.Combine(dir.Path, "per_query.csv")).Length);
        // The written run re-evaluates to the same figures.
        var reread = new TrecEvaluator(_data.Dataset.Qrels).Evaluate(SparseSearch.Evaluation.Runs.TrecRunReader.Read(Path.Combine(dir.Path, "run.trec")));
        foreach (var m in Metric.Standard)
            Assert.Equal(hybrid.Result.Mean(m), reread.Mean(m), 12);
    }

    [Fact]
    public void SweepCompareAndExactScoreFill()
    {
        var queries = _data.Dataset.Queries;
        var qrels = _data.Dataset.Qrels;
        var sweep = HybridSweep.Run(queries, qrels, DenseRetriever, SparseRetriever, Settings("hybrid"), [0, 0.3, 0.5, 0.7, 1]);
        foreach (var p in sweep.Points)
            _output.WriteLine($"{p.Label}: nDCG@10 {p.Result.Mean(Metric.Ndcg10):F4}  R@100 {p.Result.Mean(new Metric(MetricKind.Recall, 100)):F4}");
        _output.WriteLine($"{sweep.Rrf.Label}: nDCG@10 {sweep.Rrf.Result.Mean(Metric.Ndcg10):F4}");
        Assert.Equal(0.715276, sweep.Points.Single(p => p.Alpha == 0.5).Result.Mean(Metric.Ndcg10), 6);
        Assert.Equal(0.6884, sweep.Rrf.Result.Mean(Metric.Ndcg10), 4);
        // α = 1 and α = 0 rank like the dense and sparse runs alone (min-max is monotone).
        Assert.Equal(0.645082, sweep.Points.Single(p => p.Alpha == 1).Result.Mean(Metric.Ndcg10), 6);
        Assert.Equal(0.646647, sweep.Points.Single(p => p.Alpha == 0).Result.Mean(Metric.Ndcg10), 6);

        using var dir = TestPaths.NewTempDir();
        SweepReportWriter.WriteAll(sweep, dir.Path, [new PlotReferenceLine("reference min-max α 0.5", 0.7153)]);
        var md = File.ReadAllText(Path.Combine(dir.Path, SweepReportWriter.ReportFile));
        Assert.Contains("| **α 0.5** | 0.7153 |", md);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(dir.Path, SweepReportWriter.PlotFile)));
        using (var sj = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, SweepReportWriter.JsonFile))))
        {
            Assert.Equal(5, sj.RootElement.GetProperty("points").GetArrayLength());
            Assert.Equal(0.5, sj.RootElement.GetProperty("points")[2].GetProperty("alpha").GetDouble());
            Assert.Equal(0.7153, sj.RootElement.GetProperty("points")[2].GetProperty("ndcg@10").GetDouble(), 4);
            Assert.Equal(0.6884, sj.RootElement.GetProperty("rrf").GetProperty("ndcg@10").GetDouble(), 4);
        }

        // compare: hybrid against dense, paired randomisation over the 300 queries.
        var dense = sweep.Points.Single(p => p.Alpha == 1).Result;
        var hybrid = sweep.Points.Single(p => p.Alpha == 0.5).Result;
        var cmp = PairedRandomizationTest.Compare(dense, hybrid);
        _output.WriteLine(ComparisonReportWriter.Render("dense (α 1)", "hybrid α 0.5", cmp));
        var ndcg = cmp.Single(c => c.Metric == Metric.Ndcg10);
        Assert.True(ndcg.Difference > 0.05 && ndcg.PValue < 0.01, $"diff {ndcg.Difference}, p {ndcg.PValue}");

        // The engine fills a missing retriever score with the exact one; measure what that does at α 0.5.
        var filled = Evaluator.Run(_data.Dataset, q => FusedHits.ToCandidates(ConvexFusion.FuseHybrid(DenseRetriever(q), SparseRetriever(q), 0.5, depth: 1000,
                denseExact: _data.Dense.ExactScorer(_data.DenseQueries[q.Id]), sparseExact: _data.Sparse.ExactScorer(_data.SparseQueries[q.Id]))),
            Settings("hybrid", ("fusion", "minmax"), ("missing", "exact")));
        _output.WriteLine($"min-max α 0.5 with exact fill of missing scores: nDCG@10 {filled.Result.Mean(Metric.Ndcg10):F6}, R@100 {filled.Result.Mean(new Metric(MetricKind.Recall, 100)):F6}, R@1000 {filled.Result.Mean(new Metric(MetricKind.Recall, 1000)):F6} (0-fill: 0.715276 / 0.945000 / {sweep.Points.Single(p => p.Alpha == 0.5).Result.Mean(new Metric(MetricKind.Recall, 1000)):F6})");
        Assert.InRange(filled.Result.Mean(Metric.Ndcg10), 0.69, 0.74);
    }


    [Fact]
    public void WeightsTunedOnTrainCarryOverToTest()
    {
        var trainIds = _data.TrainQrels.QueryIds;
        Assert.Equal(809, trainIds.Count);
        var dense = new Dictionary<string, IReadOnlyList<(string DocId, float Score)>>();
        var sparse = new Dictionary<string, IReadOnlyList<(string DocId, float Score)>>();
        var session = _data.Sparse.CreateSession(1000);
        foreach (var qid in trainIds)
        {
            dense[qid] = _data.Dense.Search(_data.DenseQueries[qid], 1000);
            sparse[qid] = session.Search(_data.SparseQueries[qid]);
        }
        var tuning = FusionWeightTuner.Tune([new RetrieverRun("dense", dense), new RetrieverRun("sparse", sparse)], _data.TrainQrels, steps: 10);
        Assert.Equal(11, tuning.Grid.Count);
        foreach (var p in tuning.Grid)
        {
            Assert.Equal(1.0, p.Weights.Sum(), 12);
            Assert.True(p.Score <= tuning.Best.Score);
            _output.WriteLine($"train: dense {p.Weights[0]:0.0} sparse {p.Weights[1]:0.0} -> nDCG@10 {p.Score:F4}");
        }
        double alpha = tuning.Best.Weights[0];
        var test = Evaluator.Run(_data.Dataset, q => FusedHits.ToCandidates(ConvexFusion.FuseHybrid(DenseRetriever(q), SparseRetriever(q), alpha, depth: 1000)),
            Settings("hybrid", ("fusion", "minmax"), ("alpha", alpha.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        double testNdcg = test.Result.Mean(Metric.Ndcg10);
        _output.WriteLine($"α tuned on train = {alpha:0.0} (train nDCG@10 {tuning.Best.Score:F4}); on test: nDCG@10 {testNdcg:F4}");
        Assert.True(testNdcg > 0.6466, $"the train-tuned hybrid ({testNdcg:F4}) should beat both of its parts on test");
    }
}

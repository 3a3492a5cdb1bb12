using System.Text;
using System.Text.Json;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Evaluation;

/// <summary>
/// Our measures on the reference run files must equal trec_eval's own figures (pytrec_eval, in
/// ../shared/reference/runs/scifact/metrics.json) to 1e-4, for every run and every measure listed there.
/// </summary>
public sealed class ReferenceRunCrossCheckTests
{
    private readonly ITestOutputHelper _output;

    public ReferenceRunCrossCheckTests(ITestOutputHelper output) => _output = output;

    private static string RunsDir => Path.Combine(TestPaths.Shared, "reference", "runs", "scifact");

    [Fact]
    public void EveryReferenceRunReproducesTrecEvalFigures()
    {
        var qrels = QrelsReader.Read(Path.Combine(TestPaths.Shared, "data", "scifact", "qrels", "test.tsv"));
        Assert.Equal(300, qrels.QueryCount);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RunsDir, "metrics.json")));

        var failures = new StringBuilder();
        int checkedFigures = 0;
        foreach (var runProp in json.RootElement.EnumerateObject())
        {
            var runPath = Path.Combine(RunsDir, runProp.Name + ".trec");
            Assert.True(File.Exists(runPath), $"run file missing: {runPath}");
            var run = TrecRunReader.Read(runPath);
            var metrics = new List<Metric>();
            foreach (var m in runProp.Value.EnumerateObject())
                metrics.Add(Metric.Parse(m.Name));
            var result = new TrecEvaluator(qrels, metrics).Evaluate(run);
            foreach (var m in runProp.Value.EnumerateObject())
            {
                double expected = m.Value.GetDouble();
                double actual = result.Mean(Metric.Parse(m.Name));
                checkedFigures++;
                var line = $"{runProp.Name,-32} {m.Name,-14} trec_eval {expected:F6}  ours {actual:F6}  diff {actual - expected:E1}";
                _output.WriteLine(line);
                if (Math.Abs(actual - expected) > 1e-4)
                    failures.AppendLine(line);
            }
        }
        Assert.True(checkedFigures >= 25, $"only {checkedFigures} figures found in metrics.json");
        Assert.True(failures.Length == 0, "Figures that differ from trec_eval:\n" + failures);
    }
}

/// <summary><c>eval compare</c> on two real reference runs.</summary>
public sealed class ReferenceRunComparisonTests
{
    private readonly ITestOutputHelper _output;

    public ReferenceRunComparisonTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void HybridBeatsDenseSignificantlyOnReferenceRuns()
    {
        string dir = Path.Combine(TestPaths.Shared, "reference", "runs", "scifact");
        var cmp = SparseSearch.Evaluation.Harness.RunComparison.CompareFiles(
            Path.Combine(TestPaths.Shared, "data", "scifact", "qrels", "test.tsv"),
            Path.Combine(dir, "dense.trec"), Path.Combine(dir, "hybrid-dense-splade-minmax-0.5.trec"),
            [Metric.Ndcg10, new Metric(MetricKind.Recall, 100)], permutations: 5000);
        _output.WriteLine(SparseSearch.Evaluation.Reports.ComparisonReportWriter.Render("dense", "hybrid", cmp));
        Assert.Equal(0.715276 - 0.645082, cmp[0].Difference, 5);
        Assert.True(cmp[0].PValue < 0.01);
        var same = SparseSearch.Evaluation.Harness.RunComparison.CompareFiles(
            Path.Combine(TestPaths.Shared, "data", "scifact", "qrels", "test.tsv"), Path.Combine(dir, "dense.trec"), Path.Combine(dir, "dense.trec"), permutations: 1000);
        Assert.All(same, c => Assert.Equal(1.0, c.PValue));
    }
}

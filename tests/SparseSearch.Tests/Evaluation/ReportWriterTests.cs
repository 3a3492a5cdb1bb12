using System.Text.Json;
using System.Xml.Linq;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Reports;
using SparseSearch.Evaluation;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class ReportWriterTests
{
    private static string ReferenceModels => Path.Combine(TestPaths.RepoRoot, "eval", "reference", "REFERENCE_MODELS.md");

    [Fact]
    public void ReferenceTableParsesTheCommittedReferenceModels()
    {
        var table = ReferenceTable.Load(ReferenceModels);
        Assert.Equal(new[] { "nDCG@10", "R@100" }, table.MeasuresFor("scifact"));
        Assert.Equal(0.6466, table.Get("splade-tiny, model-encoded queries", "scifact", "nDCG@10"));
        Assert.Equal(0.7153, table.Get("hybrid: dense + splade, min-max, α 0.5", "scifact", "nDCG@10"));
        Assert.Equal(0.7422, table.Get("hybrid: dense + splade, RRF k 60", "cacm", "R@100"));
        Assert.Null(table.Get("no such run", "scifact", "nDCG@10"));
        Assert.Null(table.Get("splade-tiny, model-encoded queries", "nq", "nDCG@10"));
        // Every mode's reference rows exist in the committed table.
        foreach (var (mode, fusion, side) in new[] { ("bm25", "", ""), ("sparse", "", ""), ("inference-free", "", ""), ("dense", "", ""),
                     ("hybrid", "minmax", "sparse"), ("hybrid", "rrf", "sparse"), ("hybrid", "minmax", "bm25"), ("hybrid", "rrf", "bm25") })
            foreach (var row in ReferenceRows.ForMode(mode, fusion, side))
                Assert.True(table.HasRun(row), $"row \"{row}\" of mode {mode} missing from REFERENCE_MODELS.md");
    }

    [Fact]
    public void ReferenceTableRejectsMalformedTables()
    {
        Assert.Throws<DataFormatException>(() => ReferenceTable.Parse("no table here"));
        var ex = Assert.Throws<DataFormatException>(() => ReferenceTable.Parse("| run | a b |\n|---|---|\n| x | 1 | 2 |\n", "t.md"));
        Assert.Equal(3, ex.LineNumber);
    }

    private static EvaluationOutcome SmallOutcome()
    {
        var qrels = new Qrels();
        qrels.Add("1", "a", 1);
        qrels.Add("2", "b", 2);
        qrels.Add("3", "c", 1);
        var queries = new List<BeirQuery> { new("1", "one"), new("2", "two"), new("3", "three") };
        var settings = new EvaluationSettings
        {
            Dataset = "scifact", Mode = "sparse", Depth = 2,
            Models = new Dictionary<string, string> { ["sparse"] = "splade-tiny" },
            Parameters = new Dictionary<string, string> { ["index"] = "indexes/x" },
            Command = "sparsesearch eval --dataset x",
        };
        return Evaluator.Run(queries, qrels, q => q.Id switch
        {
            "1" => [("a", 3f), ("z", 2f), ("y", 1f)],
            "2" => [("z", 1f), ("b", 0.5f)],
            _ => [],
        }, settings);
    }

    [Fact]
    public void EvaluatorCutsAtDepthAndWritesAllOutputs()
    {
        var outcome = SmallOutcome();
        Assert.Equal(2, outcome.Run.For("1").Count);            // cut at depth 2
        Assert.Equal((1 + 2 / Math.Log2(3) / 2) / 3, outcome.Result.Mean(Metric.Ndcg10), 12);
        using var dir = TestPaths.NewTempDir();
        EvaluationOutputs.WriteAll(outcome, dir.Path, ReferenceTable.Load(ReferenceModels));

        var run = File.ReadAllLines(Path.Combine(dir.Path, "run.trec"));
        Assert.Equal("1 Q0 a 1 3 sparsesearch-sparse", run[0]);
        Assert.Equal(4, run.Length);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json")));
        var root = json.RootElement;
        foreach (var key in new[] { "ndcg@10", "ndcg@100", "recall@100", "recall@1000", "mrr@10", "map@1000", "p@10" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal(outcome.Result.Mean(Metric.Ndcg10), root.GetProperty("ndcg@10").GetDouble(), 15);
        Assert.Equal("scifact", root.GetProperty("dataset").GetString());
        Assert.Equal("sparse", root.GetProperty("mode").GetString());
        Assert.Equal("splade-tiny", root.GetProperty("models").GetProperty("sparse").GetString());
        Assert.Equal(3, root.GetProperty("query_count").GetInt32());
        Assert.Equal(1, root.GetProperty("queries_without_results").GetInt32());
        Assert.True(root.GetProperty("timing").GetProperty("query_ms_p95").GetDouble() >= 0);

        var csv = File.ReadAllLines(Path.Combine(dir.Path, "per_query.csv"));
        Assert.Equal("query_id,ndcg@10,ndcg@100,recall@100,recall@1000,mrr@10,map@1000,p@10,retrieved,relevant,relevant_retrieved", csv[0]);
        Assert.StartsWith("1,1,1,1,1,1,1,0.1,2,1,1", csv[1]);
        Assert.Equal("3,0,0,0,0,0,0,0,0,1,0", csv[3]);

        var report = File.ReadAllText(Path.Combine(dir.Path, "report.md"));
        Assert.Contains("| splade-tiny, model-encoded queries | 0.6466 (ours ", report);
        Assert.Contains("sparsesearch eval --dataset x", report);
        Assert.Contains("**this run**", report);
    }

    [Fact]
    public void RetrieverReturningADuplicateIsAnError()
    {
        var qrels = new Qrels();
        qrels.Add("1", "a", 1);
        var ex = Assert.Throws<InvalidOperationException>(() => Evaluator.Run([new BeirQuery("1", "x")], qrels,
            _ => [("a", 1f), ("b", 0.5f), ("a", 0.1f)], new EvaluationSettings { Dataset = "d", Mode = "m", Depth = 2 }));
        Assert.Contains("query 1", ex.Message);
    }

    [Fact]
    public void SvgPlotIsWellFormedAndHasEverySeriesAndLine()
    {
        var svg = SvgLinePlot.Render("t <&>", "α", "nDCG@10",
            [new PlotSeries("minmax", [(0, 0.64), (0.5, 0.71), (1, 0.645)])], [new PlotReferenceLine("RRF k 60", 0.688)]);
        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", doc.Root!.Name);
        Assert.Single(doc.Descendants(ns + "polyline"));
        Assert.Equal(3, doc.Descendants(ns + "circle").Count());
        Assert.Contains(doc.Descendants(ns + "text"), t => t.Value == "RRF k 60 (0.6880)");
        Assert.Contains(doc.Descendants(ns + "text"), t => t.Value == "t <&>");
    }
}

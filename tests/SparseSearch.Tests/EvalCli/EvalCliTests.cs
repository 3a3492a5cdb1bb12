using System.Globalization;
using System.Text.Json;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using Xunit;

namespace SparseSearch.Tests.EvalCli;

/// <summary><c>sparsesearch eval</c>, <c>eval sweep</c>, <c>eval compare</c> and <c>eval tune</c> end to end on a SciFact slice.</summary>
public class EvalCliTests(EvalCliFixture f) : IClassFixture<EvalCliFixture>
{
    private static JsonElement Metrics(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json"))).RootElement;

    /// <summary>metrics.json must hold exactly what the library's trec_eval-semantics evaluator gives on the written run.</summary>
    private static void AssertMetricsMatchRunFile(string dir, Qrels qrels)
    {
        var json = Metrics(dir);
        var result = new TrecEvaluator(qrels).Evaluate(TrecRunReader.Read(Path.Combine(dir, "run.trec")));
        foreach (var m in Metric.Standard)
            Assert.Equal(result.Mean(m), json.GetProperty(m.Name).GetDouble(), 12);
    }

    [Fact]
    public void EvalBuildsTheIndexLiveAndWritesEveryOutput()
    {
        var (exit, stdout, stderr) = f.Hybrid;
        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        Assert.Contains("building", stderr);
        Assert.True(EvaluationIndex.Exists(f.IndexDir));
        foreach (var file in new[] { "run.trec", "metrics.json", "per_query.csv", "report.md" })
            Assert.True(File.Exists(Path.Combine(f.HybridOut, file)), file);
        var json = Metrics(f.HybridOut);
        Assert.Equal("hybrid", json.GetProperty("mode").GetString());
        Assert.Equal(f.QueryCount, json.GetProperty("query_count").GetInt32());
        Assert.Equal("splade-tiny", json.GetProperty("models").GetProperty("sparse").GetString());
        Assert.Equal("all-MiniLM-L6-v2", json.GetProperty("models").GetProperty("dense").GetString());
        // the relevant documents are in a 56-document corpus: a real hybrid finds most of them
        Assert.InRange(json.GetProperty("ndcg@10").GetDouble(), 0.5, 1.0);
        AssertMetricsMatchRunFile(f.HybridOut, BeirDataset.Open(f.DatasetDir).Qrels);
        string report = File.ReadAllText(Path.Combine(f.HybridOut, "report.md"));
        Assert.Contains("sparsesearch eval --dataset", report);
        Assert.Contains("hybrid: dense + splade, min-max, α 0.5", report);
        Assert.Contains("ndcg@10", stdout);
    }

    [Fact]
    public void Bm25EvalReusesTheIndexAndEqualsTheLibraryHarness()
    {
        Assert.Equal(0, f.Hybrid.Exit);
        string outDir = Path.Combine(f.Root, "out-bm25");
        var (exit, stdout, stderr) = EvalCliFixture.Run("eval", "--dataset", f.DatasetDir, "--index", f.IndexDir, "--mode", "bm25", "--out", outDir);
        Assert.True(exit == 0, stderr + stdout);
        Assert.DoesNotContain("building", stderr);
        var dataset = BeirDataset.Open(f.DatasetDir);
        AssertMetricsMatchRunFile(outDir, dataset.Qrels);

        // the same evaluation through the library, in process
        using var engine = new SearchEngine(IndexReader.Open(f.IndexDir), SearchModels.Load(null, IndexReader.ReadLatestCommit(f.IndexDir).Schema, new ModelPaths()));
        var outcome = Evaluator.Run(dataset, EngineRetrievers.Create(engine, new SearchRequest { Query = "-", Mode = QueryMode.Bm25 }),
            new EvaluationSettings { Dataset = dataset.Name, Mode = "bm25" });
        var json = Metrics(outDir);
        foreach (var m in Metric.Standard)
            Assert.Equal(outcome.Result.Mean(m), json.GetProperty(m.Name).GetDouble(), 12);
        Assert.True(outcome.Result.Mean(Metric.Ndcg10) > 0.3);
    }

    [Fact]
    public void SweepWritesElevenAlphasRrfAndThePlot()
    {
        Assert.Equal(0, f.Hybrid.Exit);
        string outDir = Path.Combine(f.Root, "out-sweep");
        var (exit, stdout, stderr) = EvalCliFixture.Run("eval", "sweep", "--dataset", f.DatasetDir, "--index", f.IndexDir, "--out", outDir);
        Assert.True(exit == 0, stderr + stdout);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(outDir, "ndcg10-vs-alpha.svg")).TrimStart());
        string md = File.ReadAllText(Path.Combine(outDir, "sweep.md"));
        for (int i = 0; i <= 10; i++)
            Assert.Contains($"α {(i / 10.0).ToString("0.###", CultureInfo.InvariantCulture)} ", md);
        Assert.Contains("RRF k 60", md);
        Assert.True(File.Exists(Path.Combine(outDir, "sweep.json")));
    }

    [Fact]
    public void CompareReportsDifferencesAndPValues()
    {
        Assert.Equal(0, f.Hybrid.Exit);
        string runA = Path.Combine(f.HybridOut, "run.trec");
        // B: the hybrid run with each query's list reversed in score (a much worse run)
        var original = TrecRunReader.Read(runA);
        var reversed = new TrecRun("reversed");
        foreach (var qid in original.QueryIds)
        {
            var list = original.For(qid).Select(e => (e.DocId, (float)-e.Score)).ToList();
            reversed.AddResults(qid, list);
        }
        string runB = Path.Combine(f.Root, "reversed.trec");
        TrecRunWriter.Write(reversed, runB, 1000);
        string qrels = Path.Combine(f.DatasetDir, "qrels", "test.tsv");
        string outFile = Path.Combine(f.Root, "compare.md");
        var (exit, stdout, stderr) = EvalCliFixture.Run("eval", "compare", runA, runB, "--qrels", qrels, "--out", outFile, "--permutations", "2000");
        Assert.True(exit == 0, stderr + stdout);
        string md = File.ReadAllText(outFile);
        var expected = RunComparison.CompareFiles(qrels, runA, runB, permutations: 2000);
        foreach (var c in expected)
            Assert.Contains($"| {c.Metric.Label} | {c.MeanA.ToString("F4", CultureInfo.InvariantCulture)} | {c.MeanB.ToString("F4", CultureInfo.InvariantCulture)} |", md);
        var ndcg = expected.First(c => c.Metric == Metric.Ndcg10);
        Assert.True(ndcg.Difference < 0);

        var (same, sameOut, sameErr) = EvalCliFixture.Run("eval", "compare", runA, runA, "--qrels", qrels);
        Assert.True(same == 0, sameErr);
        Assert.Contains("±0.0000 | 1.0000 |", sameOut);
    }

    [Fact]
    public void TuneChoosesWeightsOnTheGivenSplit()
    {
        Assert.Equal(0, f.Hybrid.Exit);
        var (exit, stdout, stderr) = EvalCliFixture.Run("eval", "tune", "--dataset", f.DatasetDir, "--index", f.IndexDir,
            "--retrievers", "bm25,dense", "--steps", "4");
        Assert.True(exit == 0, stderr + stdout);
        var line = stdout.Split('\n').Last(l => l.StartsWith("--weights ", StringComparison.Ordinal)).Trim();
        var specs = EngineRetrievers.ParseWeights(line["--weights ".Length..]);
        Assert.Equal([QueryMode.Bm25, QueryMode.Dense], specs.Select(s => s.Mode));
        Assert.Equal(1.0, specs.Sum(s => s.Weight), 9);
    }

    [Fact]
    public void BadDatasetFolderGivesAClearError()
    {
        using var dir = TestPaths.NewTempDir("ss-evalcli-bad");
        File.WriteAllText(Path.Combine(dir.Path, "corpus.jsonl"), "{\"_id\": \"d1\", \"title\": \"\", \"text\": \"x\"}\n");
        File.WriteAllText(Path.Combine(dir.Path, "queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"x\"}\n");
        string index = Path.Combine(dir.Path, "index");
        var (exit, _, stderr) = EvalCliFixture.Run("eval", "--dataset", dir.Path, "--index", index, "--mode", "bm25", "--out", Path.Combine(dir.Path, "o"));
        Assert.Equal(1, exit);
        Assert.Contains("error: BEIR dataset is missing the qrels of split 'test' (qrels/test.tsv)", stderr);
        Assert.False(Directory.Exists(index));

        var (exit2, _, stderr2) = EvalCliFixture.Run("eval", "--dataset", Path.Combine(dir.Path, "nope"), "--index", index, "--mode", "bm25", "--out", Path.Combine(dir.Path, "o"));
        Assert.Equal(1, exit2);
        Assert.Contains("error: BEIR dataset folder not found", stderr2);
    }

    [Fact]
    public void AStoppedBuildIsFinishedAndAnotherCorpusIsRefused()
    {
        // a build stopped after 5 documents (as an interrupted one): eval finishes it, then evaluates
        string index = Path.Combine(f.Root, "partial-index");
        string corpus = Path.Combine(f.DatasetDir, "corpus.jsonl");
        var (built, _, builtErr) = EvalCliFixture.Run("index", "--corpus", corpus, "--bm25", "--dense-model", "onnx-models/all-MiniLM-L6-v2", "--limit", "5", "--index", index);
        Assert.True(built == 0, builtErr);
        Assert.True(EvaluationIndex.IsUnfinishedBuild(index));
        var (exit, stdout, stderr) = EvalCliFixture.Run("eval", "--dataset", f.DatasetDir, "--index", index, "--mode", "bm25", "--out", Path.Combine(f.Root, "out-finished"));
        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("finishing its stopped build", stderr);
        Assert.False(EvaluationIndex.IsUnfinishedBuild(index));
        // same documents as the fixture's index, so the same BM25 run
        var (refExit, _, refErr) = EvalCliFixture.Run("eval", "--dataset", f.DatasetDir, "--index", f.IndexDir, "--mode", "bm25", "--out", Path.Combine(f.Root, "out-bm25-ref"));
        Assert.True(refExit == 0, refErr);
        Assert.Equal(Metrics(Path.Combine(f.Root, "out-finished")).GetProperty("ndcg@10").GetDouble(),
            Metrics(Path.Combine(f.Root, "out-bm25-ref")).GetProperty("ndcg@10").GetDouble(), 12);

        // an index of a smaller corpus (complete for its own input) is refused, not evaluated
        string small = Path.Combine(f.Root, "small.jsonl");
        File.WriteAllLines(small, File.ReadLines(corpus).Take(5));
        string smallIndex = Path.Combine(f.Root, "small-index");
        var (smallBuilt, _, smallErr) = EvalCliFixture.Run("index", "--corpus", small, "--bm25", "--index", smallIndex);
        Assert.True(smallBuilt == 0, smallErr);
        var (refused, _, refusedErr) = EvalCliFixture.Run("eval", "--dataset", f.DatasetDir, "--index", smallIndex, "--mode", "bm25", "--out", Path.Combine(f.Root, "out-small"));
        Assert.Equal(1, refused);
        Assert.Contains($"error: The index in {smallIndex} holds 5 documents but", refusedErr);
        Assert.False(Directory.Exists(Path.Combine(f.Root, "out-small")));
    }

    [Theory]
    [InlineData("bm25=0.5", "names fewer than two retrievers")]
    [InlineData("bm25=0.5,bm25=0.5", "bm25 is given twice")]
    [InlineData("bm25=x,dense=1", "the weight must be a number")]
    [InlineData("hybrid=1,dense=1", "is not MODE=WEIGHT")]
    public void BadWeightsAreRejectedWithTheReason(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => EngineRetrievers.ParseWeights(text));
        Assert.Contains(message, e.Message);
    }
}

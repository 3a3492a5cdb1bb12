using System.Diagnostics;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Exhaustive;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Search.Fusion;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Evaluation;

/// <summary>
/// End to end without the index: exhaustive float search over the pre-encoded SciFact vectors (splade-tiny and
/// MiniLM, made by the reference stack) for the 300 test queries, top 1000, fused, then evaluated. The figures must
/// be those of REFERENCE_MODELS.md, which proves the metric and fusion code on real data.
/// </summary>
[Collection(SciFactPreEncodedCollection.Name)]
public sealed class PreEncodedSciFactEndToEndTests
{
    // REFERENCE_MODELS.md prints 4 decimals: agreeing to 1e-4 means the same figure, not merely close.
    private const double Tolerance = 1e-4;
    private readonly ITestOutputHelper _output;
    private readonly SciFactPreEncodedFixture _data;

    public PreEncodedSciFactEndToEndTests(ITestOutputHelper output, SciFactPreEncodedFixture data)
    {
        _output = output;
        _data = data;
    }

    [Fact]
    public void ExhaustiveRunsReproduceReferenceModelFigures()
    {
        var total = Stopwatch.StartNew();
        var qrels = _data.Dataset.Qrels;
        var sparse = _data.Sparse;
        var dense = _data.Dense;
        var sparseQueries = _data.SparseQueries;
        var denseQueries = _data.DenseQueries;
        Assert.Equal(5183, sparse.DocumentCount);
        Assert.Equal(5183, dense.DocumentCount);
        Assert.Equal(1109, sparseQueries.Count);
        Assert.Equal(1109, denseQueries.Count);
        Assert.Equal(300, qrels.QueryCount);

        var runs = new Dictionary<string, TrecRun>
        {
            ["splade"] = new("splade"), ["dense"] = new("dense"), ["hybrid-minmax-0.5"] = new("hybrid"), ["hybrid-rrf"] = new("rrf"),
        };
        var session = sparse.CreateSession(1000);
        TimeSpan sparseTime = default, denseTime = default, fuseTime = default;
        foreach (var qid in qrels.QueryIds)
        {
            var t0 = Stopwatch.GetTimestamp();
            var s = session.Search(sparseQueries[qid]);
            var t1 = Stopwatch.GetTimestamp();
            var d = dense.Search(denseQueries[qid], 1000);
            var t2 = Stopwatch.GetTimestamp();
            var mm = ConvexFusion.FuseHybrid(d, s, 0.5, ScoreNormalization.MinMax, depth: 1000);
            var rrf = ReciprocalRankFusion.Fuse(d, s, depth: 1000);
            var t3 = Stopwatch.GetTimestamp();
            sparseTime += Stopwatch.GetElapsedTime(t0, t1);
            denseTime += Stopwatch.GetElapsedTime(t1, t2);
            fuseTime += Stopwatch.GetElapsedTime(t2, t3);
            runs["splade"].AddResults(qid, s);
            runs["dense"].AddResults(qid, d);
            runs["hybrid-minmax-0.5"].AddResults(qid, FusedHits.ToCandidates(mm));
            runs["hybrid-rrf"].AddResults(qid, FusedHits.ToCandidates(rrf));
        }

        var evaluator = new TrecEvaluator(qrels, Metric.Standard);
        var results = new Dictionary<string, EvaluationResult>();
        foreach (var (name, run) in runs)
            results[name] = evaluator.Evaluate(run);

        _output.WriteLine($"load (fixture): sparse corpus {_data.SparseLoad.TotalSeconds:F2} s ({sparse.TermCount} terms), dense corpus {_data.DenseLoad.TotalSeconds:F2} s");
        _output.WriteLine($"search 300 queries: sparse {sparseTime.TotalMilliseconds:F0} ms, dense {denseTime.TotalMilliseconds:F0} ms, fusion {fuseTime.TotalMilliseconds:F0} ms; total test {total.Elapsed.TotalSeconds:F2} s");
        foreach (var (name, r) in results)
        {
            var parts = new List<string>();
            foreach (var m in Metric.Standard)
                parts.Add($"{m.Label} {r.Mean(m):F4}");
            _output.WriteLine($"{name,-20} " + string.Join("  ", parts));
        }

        var failures = new List<string>();
        void Expect(string run, Metric metric, double reference)
        {
            double actual = results[run].Mean(metric);
            string line = $"{run} {metric.Label}: ours {actual:F6}, reference {reference:F4}, diff {actual - reference:+0.000000;-0.000000;0}";
            _output.WriteLine(line);
            if (Math.Abs(actual - reference) > Tolerance)
                failures.Add(line);
        }
        var ndcg10 = Metric.Ndcg10;
        var r100 = new Metric(MetricKind.Recall, 100);
        Expect("splade", ndcg10, 0.6466);
        Expect("splade", r100, 0.8980);
        Expect("dense", ndcg10, 0.6451);
        Expect("dense", r100, 0.9250);
        Expect("hybrid-minmax-0.5", ndcg10, 0.7153);
        Expect("hybrid-minmax-0.5", r100, 0.9450);
        Expect("hybrid-rrf", ndcg10, 0.6884);
        Expect("hybrid-rrf", r100, 0.9510);

        // The same runs cut at 100 are in ../shared/reference/runs with trec_eval's 6-decimal figures: match those too.
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared, "reference", "runs", "scifact", "metrics.json")));
        foreach (var (ours, theirs) in new[] { ("splade", "splade"), ("dense", "dense"), ("hybrid-minmax-0.5", "hybrid-dense-splade-minmax-0.5") })
        {
            foreach (var m in json.RootElement.GetProperty(theirs).EnumerateObject())
            {
                double actual = results[ours].Has(Metric.Parse(m.Name)) ? results[ours].Mean(Metric.Parse(m.Name))
                    : new TrecEvaluator(qrels, [Metric.Parse(m.Name)]).Evaluate(runs[ours]).Mean(Metric.Parse(m.Name));
                string line = $"{ours} {m.Name}: ours {actual:F6}, trec_eval on reference run {m.Value.GetDouble():F6}";
                _output.WriteLine(line);
                if (Math.Abs(actual - m.Value.GetDouble()) > 2e-6)
                    failures.Add(line);
            }
        }
        Assert.True(failures.Count == 0, "Differ from the reference figures:\n" + string.Join("\n", failures));
    }

}

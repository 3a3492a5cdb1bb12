using System.Diagnostics;
using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Search;
using SparseSearch.Search.Query;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Query;

/// <summary>
/// Every query mode end to end on SciFact test (300 queries) with live query encoding by the real models, against
/// the exhaustive float reference figures of REFERENCE_MODELS.md (nDCG@10 within 0.005).
/// </summary>
[Collection(SciFactEngineCollection.Name)]
public sealed class SciFactModeTests
{
    private const double Tolerance = 0.005;
    private static readonly Metric Recall100 = Metric.Parse("recall_100");
    private readonly SciFactEngineFixture _f;
    private readonly ITestOutputHelper _out;

    public SciFactModeTests(SciFactEngineFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
        _out.WriteLine($"fixture (index {_f.DocumentCount} docs + models) built in {_f.BuildSeconds:F1} s");
    }

    // Each figure is computed once per run and shared by the tests that need it (the hybrid test compares with its parts).
    private (double Ndcg, double Recall) Evaluate(string label, Func<string, SearchRequest> request) =>
        _f.Figures.GetOrAdd(label, _ => new Lazy<(double, double)>(() => Compute(label, request))).Value;

    private (double Ndcg, double Recall) Compute(string label, Func<string, SearchRequest> request)
    {
        var sw = Stopwatch.StartNew();
        double encode = 0, search = 0, fuse = 0;
        Retriever retriever = q =>
        {
            var response = _f.Engine.Search(request(q.Text));
            encode += response.Timings.EncodeMs;
            search += response.Timings.SearchMs;
            fuse += response.Timings.FuseMs;
            var hits = new (string, float)[response.Hits.Count];
            for (int i = 0; i < hits.Length; i++) hits[i] = (response.Hits[i].Id, response.Hits[i].Score);
            return hits;
        };
        var outcome = Evaluator.Run(_f.TestQueries, _f.Dataset.Qrels, retriever,
            new EvaluationSettings { Dataset = "scifact", Mode = label, Metrics = [Metric.Ndcg10, Recall100] });
        double ndcg = outcome.Result.Mean(Metric.Ndcg10), recall = outcome.Result.Mean(Recall100);
        int n = _f.TestQueries.Count;
        _out.WriteLine($"{label}: nDCG@10 {ndcg:F4}  R@100 {recall:F4}  ({n} queries, {sw.Elapsed.TotalSeconds:F1} s; per query encode {encode / n:F2} ms, search {search / n:F2} ms, fuse {fuse / n:F2} ms)");
        return (ndcg, recall);
    }

    private static SearchRequest Req(string q, QueryMode mode) => new() { Query = q, Mode = mode, K = 100, Fields = [] };

    [Fact]
    public void SparseLiveQueriesMatchReference()
    {
        var (ndcg, _) = Evaluate("sparse", q => Req(q, QueryMode.Sparse));
        Assert.InRange(ndcg, 0.6466 - Tolerance, 0.6466 + Tolerance);
    }

    [Fact]
    public void InferenceFreeModelIdfMatchesReference()
    {
        var (ndcg, _) = Evaluate("inference-free (idf.json)", q => Req(q, QueryMode.InferenceFree));
        Assert.InRange(ndcg, 0.6467 - Tolerance, 0.6467 + Tolerance);
    }

    [Fact]
    public void InferenceFreeIndexIdfMatchesReference()
    {
        var (ndcg, _) = Evaluate("inference-free (index idf)", q => Req(q, QueryMode.InferenceFree) with { IdfSource = IdfSource.Index });
        Assert.InRange(ndcg, 0.6609 - Tolerance, 0.6609 + Tolerance);
    }

    [Fact]
    public void DenseLiveQueriesMatchReference()
    {
        var (ndcg, _) = Evaluate("dense", q => Req(q, QueryMode.Dense));
        Assert.InRange(ndcg, 0.6451 - Tolerance, 0.6451 + Tolerance);
    }

    [Fact]
    public void HybridMinMaxMatchesReferenceAndBeatsBothParts()
    {
        var (hybrid, _) = Evaluate("hybrid dense+sparse min-max α 0.5", q => Req(q, QueryMode.Hybrid));
        var (sparse, _) = Evaluate("sparse", q => Req(q, QueryMode.Sparse));
        var (dense, _) = Evaluate("dense", q => Req(q, QueryMode.Dense));
        Assert.InRange(hybrid, 0.7153 - Tolerance, 0.7153 + Tolerance);
        Assert.True(hybrid > sparse && hybrid > dense, $"hybrid {hybrid:F4} must beat sparse {sparse:F4} and dense {dense:F4}");
    }

    [Fact]
    public void HybridRrfMatchesReference()
    {
        var (ndcg, _) = Evaluate("hybrid dense+sparse RRF", q => Req(q, QueryMode.Hybrid) with { Fusion = FusionMethod.Rrf });
        Assert.InRange(ndcg, 0.6884 - Tolerance, 0.6884 + Tolerance);
    }

    [Fact]
    public void Bm25MatchesLucene()
    {
        var (ndcg, _) = Evaluate("bm25", q => Req(q, QueryMode.Bm25));
        Assert.InRange(ndcg, 0.6789 - 0.003, 0.6789 + 0.003);
    }

    [Fact]
    public void HybridDenseBm25MatchesReference()
    {
        var (ndcg, _) = Evaluate("hybrid dense+bm25 min-max α 0.5", q => Req(q, QueryMode.Hybrid) with { HybridSparseSide = QueryMode.Bm25 });
        Assert.InRange(ndcg, 0.7320 - Tolerance, 0.7320 + Tolerance);
    }

    [Fact]
    public void ThreeWayEqualWeightsMatchesReference()
    {
        var (ndcg, _) = Evaluate("hybrid bm25+sparse+dense min-max, equal weights", q => Req(q, QueryMode.Hybrid) with
        {
            Retrievers = [new(QueryMode.Bm25, 1), new(QueryMode.Sparse, 1), new(QueryMode.Dense, 1)],
        });
        Assert.InRange(ndcg, 0.7345 - Tolerance, 0.7345 + Tolerance);
    }
}

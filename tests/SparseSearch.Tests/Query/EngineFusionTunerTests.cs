using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Search.Query;
using SparseSearch.Search.Query.Bench;
using Xunit;

namespace SparseSearch.Tests.Query;

[Collection(SciFactEngineCollection.Name)]
public sealed class EngineFusionTunerTests
{
    private readonly SciFactEngineFixture _f;

    public EngineFusionTunerTests(SciFactEngineFixture fixture) => _f = fixture;

    [Fact]
    public void OfflineFusionScoresEqualTheEnginesOnTheSameQueries()
    {
        // 40 train queries (never test ones): the tuner's nDCG@10 for a weight setting must be what the engine itself
        // gives with those weights, or the chosen weights would optimise something else than what runs.
        var train = BeirDataset.Open(Path.Combine(TestPaths.Shared, "data", "scifact"), "train");
        var queries = train.Queries.Where(q => train.Qrels.Contains(q.Id)).Take(40).ToList();
        var qrels = new Qrels();
        foreach (var q in queries)
            foreach (var (doc, grade) in train.Qrels.For(q.Id))
                qrels.Add(q.Id, doc, grade);
        var modes = new[] { QueryMode.InferenceFree, QueryMode.Bm25 };
        var tuning = EngineFusionTuner.Tune(_f.Engine, queries, qrels, modes, step: 0.25, depth: 200);
        Assert.Equal(5, tuning.Ranked.Count);
        foreach (var point in tuning.Ranked)
        {
            var specs = modes.Select((m, i) => new RetrieverSpec(m, point.Weights[i])).ToList();
            if (specs.All(s => s.Weight == 0)) continue;
            var engine = Evaluator.Run(queries, qrels,
                q => _f.Engine.Search(new SearchRequest { Query = q.Text, Mode = QueryMode.Hybrid, Retrievers = specs, CandidateDepth = 200, K = 10, Fields = [] })
                    .Hits.Select(h => (h.Id, h.Score)).ToList(),
                new EvaluationSettings { Dataset = "t", Mode = "hybrid", Metrics = [Metric.Ndcg10] }).Result.Mean(Metric.Ndcg10);
            Assert.Equal(engine, point.Ndcg10, 9);
        }
    }
}

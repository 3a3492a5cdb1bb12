using SparseSearch.Encoding;
using SparseSearch.Evaluation.Exhaustive;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Search;
using SparseSearch.Search.Dense;
using SparseSearch.Search.Query;
using SparseSearch.Text;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Query;

/// <summary>
/// The reference stack's pre-encoded query vectors searched in the index, against exhaustive float search over the
/// same vectors: isolates what the index itself costs (u8 impact quantisation) from query-encoder differences.
/// </summary>
[Collection(SciFactEngineCollection.Name)]
public sealed class SciFactPreEncodedTests
{
    private readonly SciFactEngineFixture _f;
    private readonly ITestOutputHelper _out;

    public SciFactPreEncodedTests(SciFactEngineFixture fixture, ITestOutputHelper output)
    {
        _f = fixture;
        _out = output;
    }

    private string Encoded(string file) => Path.Combine(TestPaths.Shared, "data", "scifact", "encoded", file);

    private double Ndcg(string mode, Func<string, IReadOnlyList<(string, float)>> search) =>
        Evaluator.Run(_f.TestQueries, _f.Dataset.Qrels, q => search(q.Id),
            new EvaluationSettings { Dataset = "scifact", Mode = mode, Metrics = [Metric.Ndcg10] }).Result.Mean(Metric.Ndcg10);

    [Fact]
    public void ImpactQuantisationCostsLessThanHalfAPoint()
    {
        var tokenizer = _f.Engine.Models.Tokenizer!;
        var queries = new Dictionary<string, PreEncodedSparseVector>();
        foreach (var q in PreEncodedReader.ReadSparse(Encoded("splade-tiny.queries.jsonl.gz")))
            if (_f.Dataset.Qrels.Contains(q.Id)) queries[q.Id] = q;
        var reference = new ExhaustiveSparseSearcher(PreEncodedReader.ReadSparse(Encoded("splade-tiny.corpus.jsonl.gz"))).CreateSession(100);
        var searcher = new ImpactSearcher(_f.Engine.Snapshot);
        double floatNdcg = Ndcg("float", id => reference.Search(queries[id]));
        double indexNdcg = Ndcg("u8", id => ToPairs(searcher.Search(ToVector(tokenizer, queries[id]), 100)));
        _out.WriteLine($"splade-tiny, pre-encoded queries: exhaustive float {floatNdcg:F4}, index (u8 impacts, scale {_f.Engine.Snapshot.Schema.ImpactScale}) {indexNdcg:F4}, cost {floatNdcg - indexNdcg:+0.0000;-0.0000}");
        Assert.Equal(0.6466, floatNdcg, 0.0001);
        Assert.InRange(indexNdcg, 0.6466 - 0.005, 0.6466 + 0.005);
    }

    [Fact]
    public void ExactDenseSearchEqualsTheFloatReference()
    {
        var queries = new Dictionary<string, float[]>();
        foreach (var q in PreEncodedReader.ReadDense(Encoded("all-MiniLM-L6-v2.queries.jsonl.gz"), 384))
            if (_f.Dataset.Qrels.Contains(q.Id)) queries[q.Id] = q.Vector;
        var reference = new ExhaustiveDenseSearcher(PreEncodedReader.ReadAllDense(Encoded("all-MiniLM-L6-v2.corpus.jsonl.gz"), 384));
        var snapshot = _f.Engine.Snapshot;
        var dense = new ExactDenseSearcher(snapshot);
        var int8 = new Int8DenseSearcher(snapshot, [Int8VectorSet.Build(snapshot.Segments[0], 384)]);
        int agree = 0, total = 0;
        foreach (var (id, v) in queries.Take(50))
        {
            var want = reference.Search(v, 10);
            var got = dense.Search(v, 10);
            for (int i = 0; i < 10; i++)
            {
                total++;
                if (snapshot.Segments[got[i].Segment].GetId(got[i].Doc) == want[i].DocId) agree++;
                Assert.Equal(want[i].Score, got[i].Score, 1e-5f);
            }
        }
        // Equal scores to 1e-5 (the reference re-normalises rows); the order can differ only between near-ties.
        Assert.True(agree >= total - 2, $"{agree}/{total} positions agree");
        double floatNdcg = Ndcg("dense-float", id => Names(snapshot, dense.Search(queries[id], 100)));
        double int8Ndcg = Ndcg("dense-int8", id => Names(snapshot, int8.Search(queries[id], 100, 400)));
        _out.WriteLine($"MiniLM, pre-encoded queries: exact float {floatNdcg:F4}, int8 + float re-scoring of 400 {int8Ndcg:F4}");
        Assert.Equal(0.6451, floatNdcg, 0.0001);
        Assert.InRange(int8Ndcg, 0.6451 - 0.002, 0.6451 + 0.002);
    }

    private static SparseVector ToVector(WordPieceTokenizer tokenizer, PreEncodedSparseVector q)
    {
        var pairs = new List<KeyValuePair<int, float>>();
        for (int i = 0; i < q.Count; i++)
        {
            Assert.True(tokenizer.TryGetId(q.Tokens[i], out int id), q.Tokens[i]);
            pairs.Add(new(id, q.Weights[i]));
        }
        return SparseVector.FromPairs(pairs);
    }

    private static (string, float)[] ToPairs(SearchResult r) => r.Hits.Select(h => (h.Id, h.Score)).ToArray();

    private static (string, float)[] Names(SparseSearch.Index.IndexSnapshot s, DenseHit[] hits) =>
        hits.Select(h => (s.Segments[h.Segment].GetId(h.Doc), h.Score)).ToArray();
}

using SparseSearch.Search.Query;
using SparseSearch.Search.Query.Bench;
using Xunit;

namespace SparseSearch.Tests.Query;

[Collection(SciFactEngineCollection.Name)]
public sealed class QueryBenchmarkTests
{
    private readonly SciFactEngineFixture _f;

    public QueryBenchmarkTests(SciFactEngineFixture fixture) => _f = fixture;

    [Fact]
    public void ReportsEveryCaseAndExplainsUnavailableModes()
    {
        var queries = _f.TestQueries.Take(8).ToList();
        var cases = new[]
        {
            new BenchCase("inference-free", new SearchRequest { Query = "-", Mode = QueryMode.InferenceFree }),
            new BenchCase("bm25", new SearchRequest { Query = "-", Mode = QueryMode.Bm25 }),
            new BenchCase("dense", new SearchRequest { Query = "-", Mode = QueryMode.Dense }),
        };
        var report = QueryBenchmark.Run(_f.Engine, queries.Select(q => q.Text).ToList(), cases, warmup: 2,
            judged: (queries.Select(q => q.Id).ToList(), _f.Dataset.Qrels));
        Assert.Equal(3, report.Rows.Count);
        Assert.Contains("BM25", report.Rows[1].Error);
        foreach (var row in new[] { report.Rows[0], report.Rows[2] })
        {
            Assert.Null(row.Error);
            Assert.Equal(8, row.Queries);
            Assert.True(row.TotalP50 > 0 && row.TotalP95 >= row.TotalP50 && row.SearchP50 > 0);
            Assert.InRange(row.Ndcg10!.Value, 0.0, 1.0);
        }
        Assert.True(report.Rows[2].EncodeP50 > report.Rows[0].EncodeP50, "the dense model must cost more to encode than the idf lookup");
        Assert.Equal(5183, report.DenseDocuments);
        var md = report.ToMarkdown("t", "c");
        Assert.Contains("per 1k documents", md);
        Assert.Contains("not available", md);
    }
}

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
            new BenchCase("sparse", new SearchRequest { Query = "-", Mode = QueryMode.Sparse }),
            new BenchCase("bm25", new SearchRequest { Query = "-", Mode = QueryMode.Bm25 }),
        };
        // An engine without the SPLADE model: the sparse row must say why it is missing.
        using var models = SearchModels.Load(null, _f.Schema, new ModelPaths { IdfFile = Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json") });
        using var engine = new SearchEngine(SparseSearch.Index.IndexReader.Open(_f.IndexPath), models, ownsModels: false);
        var report = QueryBenchmark.Run(engine, queries.Select(q => q.Text).ToList(), cases, warmup: 2,
            judged: (queries.Select(q => q.Id).ToList(), _f.Dataset.Qrels));
        Assert.Equal(3, report.Rows.Count);
        Assert.Contains("SPLADE", report.Rows[1].Error);
        foreach (var row in new[] { report.Rows[0], report.Rows[2] })
        {
            Assert.Null(row.Error);
            Assert.Equal(8, row.Queries);
            Assert.True(row.TotalP50 > 0 && row.TotalP95 >= row.TotalP50 && row.SearchP50 > 0);
            Assert.InRange(row.Ndcg10!.Value, 0.0, 1.0);
        }
        Assert.Contains("inference-free / BM25", report.ToMarkdown("t", "c"));
        Assert.Equal(5183, report.DenseDocuments);
        var md = report.ToMarkdown("t", "c");
        Assert.Contains("not available", md);
    }
}

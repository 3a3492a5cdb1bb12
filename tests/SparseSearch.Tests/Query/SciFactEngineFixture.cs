using System.Diagnostics;
using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Onnx;
using SparseSearch.Search.Query;
using SparseSearch.Search.Query.Bench;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Query;

/// <summary>
/// Built once per test run: a real index of all 5,183 SciFact documents from the pre-encoded splade-tiny and MiniLM
/// vectors (made by the reference stack; wordpiece strings mapped to ids with the splade-tiny tokenizer), stored
/// title/text from corpus.jsonl, and a <see cref="SearchEngine"/> over it with the real shipped query models.
/// </summary>
public sealed class SciFactEngineFixture : IDisposable
{
    private readonly TempDir _dir = TestPaths.NewTempDir("ss-engine");

    public SciFactEngineFixture()
    {
        var sw = Stopwatch.StartNew();
        string data = Path.Combine(TestPaths.Shared, "data", "scifact");
        string enc = Path.Combine(data, "encoded");
        IndexPath = Path.Combine(_dir.Path, "scifact");
        DocumentCount = PreEncodedIndexBuilder.Build(new PreEncodedIndexSource
        {
            SparseVectors = Path.Combine(enc, "splade-tiny.corpus.jsonl.gz"),
            Tokenizer = Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"),
            DenseVectors = Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"),
            Corpus = Path.Combine(data, "corpus.jsonl"),
            Bm25 = true,
        }, IndexPath);

        Dataset = BeirDataset.Open(data, "test");
        TestQueries = [.. Dataset.Queries.Where(q => Dataset.Qrels.Contains(q.Id))];
        Environment = OrtEnvironment.Create();
        var paths = new ModelPaths
        {
            SparseModel = Path.Combine(TestPaths.Models, "splade-tiny"),
            DenseModel = Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2"),
            IdfFile = Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json"),
        };
        var snapshot = IndexReader.Open(IndexPath);
        Schema = snapshot.Schema;
        Engine = new SearchEngine(snapshot, SearchModels.Load(Environment, snapshot.Schema, paths));
        BuildSeconds = sw.Elapsed.TotalSeconds;
    }

    public string IndexPath { get; }
    public IndexSchema Schema { get; }
    public int DocumentCount { get; }
    public BeirDataset Dataset { get; }
    public IReadOnlyList<BeirQuery> TestQueries { get; }
    public OrtEnvironment Environment { get; }
    public SearchEngine Engine { get; }
    public double BuildSeconds { get; }

    /// <summary>Evaluation figures by label, computed once per run.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<(double Ndcg, double Recall)>> Figures { get; } = new();

    public void Dispose()
    {
        Engine.Dispose();
        Environment.Dispose();
        _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class SciFactEngineCollection : ICollectionFixture<SciFactEngineFixture>
{
    public const string Name = "SciFactEngine";
}

using System.Diagnostics;
using SparseSearch.Encoding;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.PreEncoded;
using SparseSearch.Index;
using SparseSearch.Onnx;
using SparseSearch.Search.Query;
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
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));

        var stored = new Dictionary<string, BeirDocument>(StringComparer.Ordinal);
        foreach (var d in BeirCorpusReader.Read(Path.Combine(data, "corpus.jsonl")))
            stored[d.Id] = d;
        var dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var v in PreEncodedReader.ReadDense(Path.Combine(enc, "all-MiniLM-L6-v2.corpus.jsonl.gz"), 384))
            dense[v.Id] = v.Vector;

        IndexPath = Path.Combine(_dir.Path, "scifact");
        Schema = new IndexSchema
        {
            VocabSize = tokenizer.VocabSize,
            SparseModel = "splade-tiny",
            SparseModelChecksum = tokenizer.VocabularyChecksum,
            DenseDimension = 384,
            DenseModel = "all-MiniLM-L6-v2",
        };
        using (var writer = IndexWriter.Create(IndexPath, Schema, new IndexWriterOptions { MergePolicy = null }))
        {
            int n = 0;
            foreach (var v in PreEncodedReader.ReadSparse(Path.Combine(enc, "splade-tiny.corpus.jsonl.gz")))
            {
                var pairs = new List<KeyValuePair<int, float>>(v.Count);
                for (int i = 0; i < v.Count; i++)
                {
                    if (!tokenizer.TryGetId(v.Tokens[i], out int id))
                        throw new InvalidDataException($"doc {v.Id}: token {v.Tokens[i]} not in the splade-tiny vocabulary");
                    if (!tokenizer.IsSpecialId(id) && v.Weights[i] > 0f)
                        pairs.Add(new(id, v.Weights[i]));
                }
                var doc = stored[v.Id];
                writer.Upsert(new IndexDocument(v.Id, SparseVector.FromPairs(pairs), doc.Title, doc.Text, Dense: dense[v.Id]));
                n++;
            }
            writer.Commit();
            DocumentCount = n;
        }

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

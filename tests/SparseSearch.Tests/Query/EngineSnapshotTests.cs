using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Query;

/// <summary>Refresh and snapshot swaps with deletes and updates, model compatibility checks, model path resolution.</summary>
[Collection(SciFactEngineCollection.Name)]
public sealed class EngineSnapshotTests
{
    private static readonly string IdfFile = Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json");
    private readonly SciFactEngineFixture _f;

    public EngineSnapshotTests(SciFactEngineFixture fixture) => _f = fixture;

    private static IndexDocument Doc(WordPieceTokenizer tokenizer, string id, string text)
    {
        var pairs = new Dictionary<int, float>();
        foreach (var t in tokenizer.EncodeWordPieces(text)) pairs[t] = 1f;
        return new IndexDocument(id, SparseVector.FromPairs(pairs), Title: text, Text: text);
    }

    [Fact]
    public void RefreshShowsDeletesAndUpdatesAndNeverDeletedDocuments()
    {
        using var dir = TestPaths.NewTempDir("ss-engine-refresh");
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "opensearch-idf", "tokenizer.json"));
        var schema = new IndexSchema { VocabSize = tokenizer.VocabSize, SparseModelChecksum = tokenizer.VocabularyChecksum, ImpactScale = 0.01f };
        using var writer = IndexWriter.Create(dir.Path, schema, new IndexWriterOptions { MergePolicy = null });
        writer.Upsert(Doc(tokenizer, "a", "sleep apnea in adults"));
        writer.Upsert(Doc(tokenizer, "b", "heart disease risk"));
        writer.Upsert(Doc(tokenizer, "c", "sleep quality and memory"));
        writer.Commit();
        using var engine = new SearchEngine(IndexReader.Open(dir.Path), SearchModels.Load(null, schema, new ModelPaths { IdfFile = IdfFile }));
        var request = new SearchRequest { Query = "sleep", Mode = QueryMode.InferenceFree, K = 10 };
        Assert.Equal(["a", "c"], engine.Search(request).Hits.Select(h => h.Id).Order());
        Assert.False(engine.Refresh());

        writer.Delete("a");
        writer.Upsert(Doc(tokenizer, "b", "sleep deprivation and heart disease"));
        writer.Commit();
        Assert.Equal(["a", "c"], engine.Search(request).Hits.Select(h => h.Id).Order()); // still the old snapshot
        long before = engine.Snapshot.Generation;
        Assert.True(engine.Refresh());
        Assert.True(engine.Snapshot.Generation > before);
        var after = engine.Search(request);
        Assert.Equal(["b", "c"], after.Hits.Select(h => h.Id).Order());
        Assert.Equal(engine.Snapshot.Generation, after.Generation);
        Assert.Equal("sleep deprivation and heart disease", after.Hits.Single(h => h.Id == "b").Title);
        // The index idf follows the snapshot: 2 live documents, both hold "sleep" (ln 1 = 0: the term is dropped),
        // one holds "heart" (ln 2); the first snapshot had 3 documents.
        var indexIdf = request with { Query = "sleep heart", IdfSource = IdfSource.Index };
        var heart = engine.Search(indexIdf);
        Assert.Equal((float)Math.Log(2), Assert.Single(heart.QueryTerms).Weight, 5);
        Assert.Equal("b", Assert.Single(heart.Hits).Id);

        // This index has no BM25 field: a clear error, alone or inside a hybrid.
        Assert.Contains("BM25", Assert.Throws<ModeNotSupportedException>(() => engine.Search(request with { Mode = QueryMode.Bm25 })).Message);
        Assert.Throws<ModeNotSupportedException>(() => engine.Search(request with
        {
            Mode = QueryMode.Hybrid,
            Retrievers = [new(QueryMode.Bm25, 1), new(QueryMode.InferenceFree, 1)],
        }));

        writer.Delete("c");
        writer.Commit();
        engine.SwapSnapshot(IndexReader.Open(dir.Path));
        Assert.Equal(["b"], engine.Search(request with { Query = "heart sleep" }).Hits.Select(h => h.Id));
    }

    [Fact]
    public void SearchesDuringRefreshesSeeWholeCommits()
    {
        using var dir = TestPaths.NewTempDir("ss-engine-concurrent");
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "opensearch-idf", "tokenizer.json"));
        var schema = new IndexSchema { VocabSize = tokenizer.VocabSize, ImpactScale = 0.01f };
        using var writer = IndexWriter.Create(dir.Path, schema, new IndexWriterOptions { MergePolicy = new SparseSearch.Index.Merge.TieredMergePolicy() });
        writer.Upsert(Doc(tokenizer, "d0", "sleep study 0"));
        writer.Commit();
        using var engine = new SearchEngine(IndexReader.Open(dir.Path), SearchModels.Load(null, schema, new ModelPaths { IdfFile = IdfFile }));
        var request = new SearchRequest { Query = "sleep study", Mode = QueryMode.InferenceFree, K = 1000, Fields = ["title"] };
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var r = engine.Search(request);
                // Commit g holds exactly documents d0 … d(g-1) … : each commit adds two documents, so a snapshot never
                // shows an odd count past the first (a torn view would).
                int n = r.Hits.Count;
                if (n != 1 && n % 2 != 1) failures.Enqueue($"{n} hits at generation {r.Generation}");
                foreach (var h in r.Hits)
                    if (h.Fields!["title"] is not { } t || !t.StartsWith("sleep study", StringComparison.Ordinal)) failures.Enqueue($"bad stored title for {h.Id}");
            }
        })).ToArray();
        for (int i = 1; i <= 40; i += 2)
        {
            writer.Upsert(Doc(tokenizer, "d" + i, "sleep study " + i));
            writer.Upsert(Doc(tokenizer, "d" + (i + 1), "sleep study " + (i + 1)));
            writer.Commit();
            engine.Refresh();
        }
        stop.Cancel();
        Task.WaitAll(readers);
        Assert.Empty(failures);
        Assert.Equal(41, engine.Search(request).Hits.Count);
    }

    [Fact]
    public void ModelsWithAnotherVocabularyOrDimensionAreRefused()
    {
        var okSchema = _f.Schema;
        var e1 = Assert.Throws<ModelMismatchException>(() => SearchModels.Load(null, okSchema with { VocabSize = 1000 }, new ModelPaths { IdfFile = IdfFile }));
        Assert.Contains("1000", e1.Message);
        var e2 = Assert.Throws<ModelMismatchException>(() => SearchModels.Load(null, okSchema with { SparseModelChecksum = "0123abcd" }, new ModelPaths { IdfFile = IdfFile }));
        Assert.Contains("0123abcd", e2.Message);
        var dense = Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2");
        var e3 = Assert.Throws<ModelMismatchException>(() => SearchModels.Load(_f.Environment, okSchema with { DenseDimension = 128 }, new ModelPaths { DenseModel = dense }));
        Assert.Contains("384", e3.Message);
        Assert.Throws<ModelMismatchException>(() => SearchModels.Load(_f.Environment, okSchema with { DenseDimension = 0 }, new ModelPaths { DenseModel = dense }));
    }

    [Fact]
    public void MissingModelsMakeTheirModesUnavailable()
    {
        using var models = SearchModels.Load(null, _f.Schema, new ModelPaths { IdfFile = IdfFile });
        using var engine = new SearchEngine(IndexReader.Open(_f.IndexPath), models, ownsModels: false);
        Assert.NotEmpty(engine.Search(new SearchRequest { Query = "sleep apnea", Mode = QueryMode.InferenceFree }).Hits);
        Assert.Contains("SPLADE", Assert.Throws<ModeNotSupportedException>(() => engine.Search(new SearchRequest { Query = "x" })).Message);
        Assert.Contains("dense", Assert.Throws<ModeNotSupportedException>(() => engine.Search(new SearchRequest { Query = "x", Mode = QueryMode.Dense })).Message);
    }

    [Fact]
    public void ModelPathsResolveFromUserDataThenModelNames()
    {
        var resolved = new ModelPaths().Resolve(_f.Schema, new Dictionary<string, string>(), TestPaths.Models);
        Assert.Equal(Path.Combine(TestPaths.Models, "splade-tiny"), resolved.SparseModel);
        Assert.Equal(Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2"), resolved.DenseModel);
        Assert.Equal(IdfFile, resolved.IdfFile);
        var recorded = new Dictionary<string, string> { [ModelPaths.SparseModelKey] = Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2") };
        Assert.Equal(recorded[ModelPaths.SparseModelKey], new ModelPaths().Resolve(_f.Schema, recorded, null).SparseModel);
        Assert.Equal("/explicit", new ModelPaths { SparseModel = "/explicit" }.Resolve(_f.Schema, recorded, TestPaths.Models).SparseModel);
        Assert.Null(new ModelPaths().Resolve(_f.Schema with { SparseModel = "../escape" }, new Dictionary<string, string>(), TestPaths.Models).SparseModel);
    }
}

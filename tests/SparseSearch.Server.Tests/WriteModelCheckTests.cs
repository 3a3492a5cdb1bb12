using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search.Query;
using SparseSearch.Service;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Server.Tests;

/// <summary>The service encodes new documents only with the very models that built the index.</summary>
public sealed class WriteModelCheckTests
{
    [Fact]
    public void An_index_built_by_another_model_takes_searches_but_refuses_document_writes()
    {
        using var dir = new TempDir("ss-models");
        var index = SciFactSlice.CopyTo(dir.Path);
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));
        using (var writer = IndexWriter.Open(index))
        {
            // Same vocabulary, another graph: e.g. a bigger SPLADE encoded this index elsewhere.
            var data = new Dictionary<string, string>(writer.CommittedUserData);
            ModelCompatibility.Record(new ModelIdentity("splade-v3", new string('a', 64), tokenizer.VocabularyChecksum, tokenizer.VocabSize), null, data);
            writer.Commit(data);
        }
        using var service = IndexService.Open(new IndexServiceOptions { IndexDirectory = index, ModelsRoot = TestPaths.Models, RefreshInterval = TimeSpan.Zero });
        Assert.Contains("splade-v3", service.Stats().WritesUnavailable);
        var e = Assert.Throws<ServiceUnavailableException>(() => service.Upsert([new DocumentInput("x", "t", "some text")]));
        Assert.Contains("splade-v3", e.Message);
        Assert.NotEmpty(service.Search(new SearchRequest { Query = "stem cells" }).Hits);
    }

    [Fact]
    public void An_index_created_for_the_shipped_models_takes_writes_from_them()
    {
        using var dir = new TempDir("ss-create");
        var index = Path.Combine(dir.Path, "new");
        IndexCreation.Create(index, Path.Combine(TestPaths.Models, "splade-tiny"));
        Assert.NotNull(ModelCompatibility.ReadSparse(IndexReader.ReadLatestCommit(index).UserData));
        using var service = IndexService.Open(new IndexServiceOptions { IndexDirectory = index, ModelsRoot = TestPaths.Models, RefreshInterval = TimeSpan.Zero });
        Assert.Null(service.Stats().WritesUnavailable);
        Assert.Equal(1, service.Upsert([new DocumentInput("d1", "Zebra stripes", "Stripes deter biting flies.")]).Upserted);
        service.Refresh();
        Assert.Equal("d1", service.Search(new SearchRequest { Query = "why do zebras have stripes" }).Hits[0].Id);
    }

    [Fact]
    public void The_seed_index_records_the_shipped_models_and_takes_writes_from_them()
    {
        using var dir = new TempDir("ss-seed");
        var index = SciFactSlice.CopyTo(dir.Path);
        var commit = IndexReader.ReadLatestCommit(index);
        Assert.Equal("splade-tiny", ModelCompatibility.ReadSparse(commit.UserData)?.Name);
        Assert.Equal("all-MiniLM-L6-v2", ModelCompatibility.ReadDense(commit.UserData)?.Name);
        using var service = IndexService.Open(new IndexServiceOptions { IndexDirectory = index, ModelsRoot = TestPaths.Models, RefreshInterval = TimeSpan.Zero });
        Assert.Null(service.Stats().WritesUnavailable);
        Assert.Equal(SciFactSlice.Count, service.Stats().Documents);
        Assert.True(service.Stats().Models.IdfLoaded, "the idf file is found under the models root (the seed no longer records its path)");
    }
}

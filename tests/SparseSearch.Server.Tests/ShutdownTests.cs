using System.Net;
using SparseSearch.Index;
using Xunit;

namespace SparseSearch.Server.Tests;

/// <summary>A server whose reads need the key too, and whose shutdown must commit what it acknowledged.</summary>
public sealed class ShutdownTests
{
    private sealed class KeyedReadsFactory() : ServerFactory(refreshMs: 0, requireKeyForReads: true);

    [Fact]
    public async Task Reads_can_require_the_key_and_graceful_shutdown_commits_pending_writes()
    {
        string indexDir, folder;
        long committedBefore;
        using (var factory = new KeyedReadsFactory { KeepFiles = true })
        {
            folder = factory.Folder;
            indexDir = factory.IndexDirectory;
            await ProblemAssert.IsProblem(await factory.CreateClient().GetAsync("/v1/search?q=cells"), HttpStatusCode.Unauthorized);
            await ProblemAssert.IsProblem(await factory.CreateClient().GetAsync("/v1/stats"), HttpStatusCode.Unauthorized);
            await ProblemAssert.IsProblem(await factory.CreateClient().GetAsync("/v1/documents/4983"), HttpStatusCode.Unauthorized);
            var w = factory.Writer();
            var stats = await ProblemAssert.IsOk(await w.GetAsync("/v1/stats"));
            committedBefore = stats.GetProperty("index").GetProperty("generation").GetInt64();
            await ProblemAssert.IsOk(await w.PostAsync("/v1/documents", ServerFactory.Json("""[{"id":"late-1","text":"written just before shutdown"}]""")));
            await ProblemAssert.IsOk(await w.DeleteAsync($"/v1/documents/{SciFactSlice.Documents[0].Id}"));
            // No refresh: only the graceful shutdown can make these durable.
        }
        try
        {
            using var snapshot = IndexReader.Open(indexDir);
            Assert.True(snapshot.Generation > committedBefore);
            Assert.True(snapshot.TryFind("late-1", out _, out _));
            Assert.False(snapshot.TryFind(SciFactSlice.Documents[0].Id, out _, out _));
            Assert.Equal(SciFactSlice.Count, snapshot.LiveDocCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

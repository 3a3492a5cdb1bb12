using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SparseSearch.Service;
using Xunit;

namespace SparseSearch.Server.Tests;

/// <summary>
/// The index settings of the server's configuration reach the service: <c>SparseSearch:Preload</c> (postings and
/// forward files read into memory) and <c>SparseSearch:ReorderOnMerge</c> (on by default); a preloading server answers
/// every search mode exactly like a default one over the same index.
/// </summary>
public sealed class IndexSettingsTests
{
    private sealed class PreloadingFactory : ServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SparseSearch:Preload", "true");
            builder.UseSetting("SparseSearch:ReorderOnMerge", "false");
        }
    }

    [Fact]
    public async Task Preload_and_reorder_settings_reach_the_service_and_search_is_unchanged()
    {
        using var preloading = new PreloadingFactory();
        using var plain = new ServerFactory();
        var options = preloading.Services.GetRequiredService<IndexService>().Options;
        Assert.True(options.Preload);
        Assert.False(options.ReorderOnMerge);
        var defaults = plain.Services.GetRequiredService<IndexService>().Options;
        Assert.False(defaults.Preload);
        Assert.True(defaults.ReorderOnMerge);

        var a = preloading.CreateClient();
        var b = plain.CreateClient();
        foreach (var mode in new[] { "sparse", "inference-free", "dense", "hybrid" })
            foreach (var traversal in new[] { "rank-safe", "approximate" })
            {
                string body = $$"""{"query":"DNA damage at telomeres","k":5,"mode":"{{mode}}","traversal":"{{traversal}}"}""";
                var x = await ProblemAssert.IsOk(await a.PostAsync("/v1/search", ServerFactory.Json(body)));
                var y = await ProblemAssert.IsOk(await b.PostAsync("/v1/search", ServerFactory.Json(body)));
                var hx = x.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("id").GetString(), h.GetProperty("score").GetDouble())).ToList();
                var hy = y.GetProperty("hits").EnumerateArray().Select(h => (h.GetProperty("id").GetString(), h.GetProperty("score").GetDouble())).ToList();
                Assert.Equal(5, hx.Count);
                Assert.Equal(hy, hx);
            }
    }
}

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace SparseSearch.Server.Tests;

/// <summary>
/// The server under WebApplicationFactory over its own copy of the SciFact slice, with an API key file and small
/// limits (1 MiB bodies, 100-document batches) so the limit tests stay cheap. Refresh is on request only, so tests
/// decide when writes become visible.
/// </summary>
public class ServerFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-key-5b0f3c9e";
    public const long MaxBody = 1 << 20;
    private readonly TempDir _dir = new("ss-server");

    public ServerFactory() : this(refreshMs: 0, requireKeyForReads: false) { }

    protected ServerFactory(int refreshMs, bool requireKeyForReads)
    {
        IndexDirectory = SciFactSlice.CopyTo(_dir.Path);
        KeyFile = Path.Combine(_dir.Path, "api-key");
        File.WriteAllText(KeyFile, ApiKey + "\n");
        RefreshMs = refreshMs;
        RequireKeyForReads = requireKeyForReads;
    }

    public string IndexDirectory { get; }
    public string KeyFile { get; }
    public int RefreshMs { get; }
    public bool RequireKeyForReads { get; }

    /// <summary>Leave the index on disk after dispose (the caller deletes <see cref="Folder"/>).</summary>
    public bool KeepFiles { get; set; }

    public string Folder => _dir.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("SparseSearch:IndexDirectory", IndexDirectory);
        builder.UseSetting("SparseSearch:ModelsRoot", TestPaths.Models);
        builder.UseSetting("SparseSearch:ApiKeyFile", KeyFile);
        builder.UseSetting("SparseSearch:RefreshIntervalMs", RefreshMs.ToString());
        builder.UseSetting("SparseSearch:RequireKeyForReads", RequireKeyForReads.ToString());
        builder.UseSetting("SparseSearch:MaxRequestBodyBytes", MaxBody.ToString());
        builder.UseSetting("SparseSearch:MaxBatchDocuments", "100");
    }

    public HttpClient Writer()
    {
        var c = CreateClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return c;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepFiles) _dir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFactory>
{
    public const string Name = "Server";
}

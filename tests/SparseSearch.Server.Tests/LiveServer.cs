using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SparseSearch.Server.Tests;

/// <summary>
/// The real server on Kestrel, bound to 127.0.0.1 on a free port (a browser needs a socket; WebApplicationFactory's
/// server is in-memory), in the Development environment, refreshing every 200 ms, with a 2 s request timeout, over its own copy of the slice.
/// </summary>
public sealed class LiveServer : IAsyncDisposable
{
    public const string ApiKey = "live-key-8d1e";
    private readonly TempDir _dir = new("ss-live");
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";
    public bool IsDevelopment { get; private set; }
    public HttpClient Client { get; } = new();

    /// <summary>Starts the server; <paramref name="extraRoutes"/> may map test-only routes before it starts.</summary>
    public async Task StartAsync(Action<WebApplication>? extraRoutes = null)
    {
        var index = SciFactSlice.CopyTo(_dir.Path);
        var keyFile = Path.Combine(_dir.Path, "key");
        await File.WriteAllTextAsync(keyFile, ApiKey);
        _app = ServerHost.Build([
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            $"--SparseSearch:IndexDirectory={index}",
            $"--SparseSearch:ModelsRoot={TestPaths.Models}",
            $"--SparseSearch:ApiKeyFile={keyFile}",
            "--SparseSearch:RefreshIntervalMs=200",
            "--SparseSearch:RequestTimeoutSeconds=2",
        ]);
        extraRoutes?.Invoke(_app);
        await _app.StartAsync();
        IsDevelopment = _app.Environment.EnvironmentName == "Development";
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single().TrimEnd('/') + "/";
        Client.BaseAddress = new Uri(BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _dir.Dispose();
    }
}

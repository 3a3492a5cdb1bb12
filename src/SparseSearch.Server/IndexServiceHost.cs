using SparseSearch.Service;

namespace SparseSearch.Server;

/// <summary>Opens the index when the host starts (so a bad index or model fails the start, not the first request) and
/// shuts it down gracefully — pending writes committed — after the server has stopped taking requests.</summary>
internal sealed class IndexServiceHost(IServiceProvider services, ILogger<IndexServiceHost> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var service = services.GetRequiredService<IndexService>();
        var s = service.Stats();
        log.LogInformation("Serving index {Directory}: {Documents} documents, {Segments} segments, generation {Generation}; models: sparse {Sparse}, dense {Dense}",
            service.Options.IndexDirectory, s.Documents, s.Segments, s.Generation, s.Models.SparseModel, s.Models.DenseModel ?? "none");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var service = services.GetRequiredService<IndexService>();
        if (!service.IsReady) return Task.CompletedTask;
        service.Shutdown(TimeSpan.FromSeconds(30));
        log.LogInformation("Index closed; pending writes committed (generation {Generation}).", service.ClosedGeneration);
        return Task.CompletedTask;
    }
}

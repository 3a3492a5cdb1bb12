using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using SparseSearch.Search.Query;
using SparseSearch.Server.Api;
using SparseSearch.Server.Security;
using SparseSearch.Service;

namespace SparseSearch.Server;

/// <summary>Builds and runs the REST server over one index (see <see cref="ServerSettings"/>).</summary>
public static class ServerHost
{
    /// <summary>Builds the application from command-line style arguments (<c>--urls</c>, <c>--SparseSearch:IndexDirectory=DIR</c>…).</summary>
    /// <param name="args">Host arguments.</param>
    /// <param name="configure">Extra configuration of the builder (tests, the CLI).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Per-request framework logs at Information would drown the server's own lines; warnings and errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configure?.Invoke(builder);

        builder.Services.AddOptions<ServerSettings>().Bind(builder.Configuration.GetSection(ServerSettings.Section));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerSettings>>().Value);
        builder.Services.AddSingleton(sp => ApiKeyStore.Load(sp.GetRequiredService<ServerSettings>().ApiKeyFile, sp.GetRequiredService<ServerSettings>().ApiKeyEnvironmentVariable));
        builder.Services.AddSingleton(sp => OpenService(sp.GetRequiredService<ServerSettings>()));
        builder.Services.AddHostedService<IndexServiceHost>();
        builder.Services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddOptions<KestrelServerOptions>().Configure<ServerSettings>((k, s) =>
        {
            k.Limits.MaxRequestBodySize = s.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.AddRequestTimeouts();
        builder.Services.AddOptions<RequestTimeoutOptions>().Configure<ServerSettings>((o, s) =>
        {
            o.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(s.RequestTimeoutSeconds),
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            };
        });

        var app = builder.Build();
        var settings = app.Services.GetRequiredService<ServerSettings>();
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        app.Logger.LogInformation("API key: {Source}{Reads}", keys.HasKey ? "loaded from " + keys.Source : "none configured (writes refused)",
            settings.RequireKeyForReads ? "; required for reads too" : "");

        // Our handler, not the developer exception page: problem+json without a stack trace in every environment.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = Problems.HandleException });
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            await next(context);
        });
        var pages = new EmbeddedFileProvider(typeof(ServerHost).Assembly, "SparseSearch.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });
        app.UseRouting();
        app.UseRequestTimeouts();
        app.MapOpenApi("/openapi/{documentName}.json");
        Endpoints.Map(app, settings, keys);
        return app;
    }

    /// <summary>Builds and runs the server until Ctrl-C / SIGTERM; returns the process exit code.</summary>
    public static int Run(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplication app;
        try
        {
            app = Build(args, builder =>
            {
                // A failed start is reported once, below, as one clear line; the host's own log of it is a stack trace.
                builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
                configure?.Invoke(builder);
            });
            app.Start();
        }
        catch (Exception e)
        {
            // Whatever stopped the start (no index, a model that does not fit, a busy port, a missing native library)
            // ends the command with its message; there is no request to answer yet.
            Console.Error.WriteLine($"sparsesearch serve: {(e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message)}");
            return 2;
        }
        foreach (var url in app.Urls) Console.Error.WriteLine($"Listening on {url}");
        app.WaitForShutdown();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Opens (creating it first when asked) the configured index.</summary>
    internal static IndexService OpenService(ServerSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.IndexDirectory))
            throw new InvalidOperationException("No index directory configured: pass --index DIR (or SparseSearch:IndexDirectory).");
        string dir = Path.GetFullPath(s.IndexDirectory);
        string? modelsRoot = s.ModelsRoot ?? FindModelsRoot();
        if (s.CreateIfMissing && !IndexCreation.Exists(dir))
        {
            if (modelsRoot is null) throw new InvalidOperationException("Cannot create the index: no models folder (--models DIR) was given or found.");
            var dense = Path.Combine(modelsRoot, "all-MiniLM-L6-v2");
            IndexCreation.Create(dir, Path.Combine(modelsRoot, "splade-tiny"), Directory.Exists(dense) ? dense : null);
        }
        var limits = new SearchLimits { MaxK = s.MaxK, MaxCandidateDepth = s.MaxCandidateDepth, MaxQueryChars = s.MaxQueryChars };
        return IndexService.Open(new IndexServiceOptions
        {
            IndexDirectory = dir,
            ModelsRoot = modelsRoot,
            RefreshInterval = TimeSpan.FromMilliseconds(s.RefreshIntervalMs),
            MaxBatchDocuments = s.MaxBatchDocuments,
            ReorderOnMerge = s.ReorderOnMerge,
            Preload = s.Preload,
            SearchLimits = limits,
        });
    }

    /// <summary>The <c>onnx-models</c> folder of the checkout above the program, or null.</summary>
    public static string? FindModelsRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "onnx-models");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

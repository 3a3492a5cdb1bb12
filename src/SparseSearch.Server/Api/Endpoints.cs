using System.Text.Json;
using SparseSearch.Server.Security;
using SparseSearch.Service;

namespace SparseSearch.Server.Api;

/// <summary>The v1 routes: thin translations between HTTP and <see cref="IndexService"/>.</summary>
internal static class Endpoints
{
    public static void Map(WebApplication app, ServerSettings settings, ApiKeyStore keys)
    {
        var read = new ApiKeyFilter(keys, settings.RequireKeyForReads);
        var write = new ApiKeyFilter(keys, required: true);

        app.MapGet("/healthz", () => Results.Ok(new HealthBody("ok")))
            .WithName("Health").WithSummary("The process is up.").Produces<HealthBody>();
        app.MapGet("/readyz", (IndexService service) =>
                service.IsReady && service.LastRefreshError is null
                    ? Results.Ok(new HealthBody("ready", service.SearchableGeneration))
                    : Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready",
                        service.IsReady ? "The last refresh failed: " + service.LastRefreshError : "The service is shutting down."))
            .WithName("Ready").WithSummary("The index is open and refreshing.").Produces<HealthBody>().ProducesProblem(503);

        var v1 = app.MapGroup("/v1");
        v1.AddEndpointFilter(new ClientErrorFilter());

        v1.MapGet("/search", (HttpContext http, IndexService service) =>
                Results.Ok(SearchResponseBody.From(service.Search(SearchRequestBody.FromQuery(http.Request.Query).ToRequest()))))
            .AddEndpointFilter(read).WithName("SearchGet")
            .WithSummary("Search (query string: q, k, mode, alpha, fusion, sparseSide, candidateDepth, explain, fields, snippetLength).")
            .Produces<SearchResponseBody>().ProducesProblem(400).ProducesProblem(401);

        v1.MapPost("/search", async (HttpContext http, IndexService service) =>
            {
                var bytes = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBodyBytes, http.RequestAborted);
                var body = JsonSerializer.Deserialize<SearchRequestBody>(bytes, WireJson.Strict)
                    ?? throw new JsonException("The request body is null; expected a search request object.");
                return Results.Ok(SearchResponseBody.From(service.Search(body.ToRequest())));
            })
            .AddEndpointFilter(read).WithName("Search").WithSummary("Search with a JSON request.")
            .Accepts<SearchRequestBody>("application/json")
            .Produces<SearchResponseBody>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(413);

        v1.MapPost("/documents", async (HttpContext http, IndexService service) =>
            {
                var bytes = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBodyBytes, http.RequestAborted);
                var docs = DocumentBatchReader.Read(bytes, settings.MaxBatchDocuments);
                var result = service.Upsert(docs, http.RequestAborted);
                return Results.Ok(new UpsertBody(WireJson.ApiVersion, result.Upserted, result.Truncated, result.EncodeMs, result.WriteMs,
                    "searchable after the next refresh (POST /v1/refresh, or the refresh interval)"));
            })
            .AddEndpointFilter(write).WithName("UpsertDocuments")
            .WithSummary("Bulk upsert: a JSON array of {id, title, text, metadata} or NDJSON; encoded with the index's models.")
            .Accepts<List<DocumentRequestBody>>("application/json", "application/x-ndjson")
            .Produces<UpsertBody>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(413).ProducesProblem(503);

        v1.MapGet("/documents/{id}", (string id, HttpContext http, IndexService service) =>
                service.Get(id = DocumentIdRoute.Resolve(http, id)) is { } d
                    ? Results.Ok(DocumentBody.From(d))
                    : Problems.Result(StatusCodes.Status404NotFound, "Document not found", $"No searchable document has id \"{id}\"."))
            .AddEndpointFilter(read).WithName("GetDocument").WithSummary("A stored document, as searches currently see it.")
            .Produces<DocumentBody>().ProducesProblem(404).ProducesProblem(401);

        v1.MapDelete("/documents/{id}", (string id, HttpContext http, IndexService service) =>
                service.Delete(id = DocumentIdRoute.Resolve(http, id))
                    ? Results.Ok(new DeleteBody(WireJson.ApiVersion, id, true))
                    : Problems.Result(StatusCodes.Status404NotFound, "Document not found", $"No document has id \"{id}\"."))
            .AddEndpointFilter(write).WithName("DeleteDocument").WithSummary("Delete by id (searchable after the next refresh).")
            .Produces<DeleteBody>().ProducesProblem(404).ProducesProblem(401).ProducesProblem(403);

        v1.MapPost("/refresh", (IndexService service) => Results.Ok(new GenerationBody(WireJson.ApiVersion, service.Refresh())))
            .AddEndpointFilter(write).WithName("Refresh").WithSummary("Make pending writes searchable now (commits them).")
            .Produces<GenerationBody>().ProducesProblem(401).ProducesProblem(403);

        v1.MapPost("/commit", (IndexService service) => Results.Ok(new GenerationBody(WireJson.ApiVersion, service.Commit())))
            .AddEndpointFilter(write).WithName("Commit").WithSummary("Commit pending writes durably (and make them searchable).")
            .Produces<GenerationBody>().ProducesProblem(401).ProducesProblem(403);

        v1.MapGet("/stats", (IndexService service) => Results.Ok(new StatsBody(WireJson.ApiVersion, service.Stats())))
            .AddEndpointFilter(read).WithName("Stats").WithSummary("Documents, segments, size on disk, models.")
            .Produces<StatsBody>().ProducesProblem(401);
    }
}

using System.Text.Json;
using SparseSearch.Search.Query;
using SparseSearch.Service;

namespace SparseSearch.Server.Api;

/// <summary>v1 search response.</summary>
public sealed record SearchResponseBody(string ApiVersion, QueryMode Mode, long Generation, IReadOnlyList<SearchHitResult> Hits,
    IReadOnlyList<RetrieverSpec> Retrievers, IReadOnlyList<QueryTermWeight> QueryTerms, SearchTimings Timings)
{
    internal static SearchResponseBody From(SearchResponse r) =>
        new(WireJson.ApiVersion, r.Mode, r.Generation, r.Hits, r.Retrievers, r.QueryTerms, r.Timings);
}

/// <summary>v1 stored document.</summary>
public sealed record DocumentBody(string ApiVersion, string Id, string? Title, string? Text, JsonElement? Metadata, long Generation)
{
    internal static DocumentBody From(StoredDocumentView d)
    {
        JsonElement? metadata = null;
        if (d.Metadata is { Length: > 0 } m)
        {
            try
            {
                using var doc = JsonDocument.Parse(m);
                metadata = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                metadata = JsonSerializer.SerializeToElement(m); // stored by a library caller as plain text
            }
        }
        return new DocumentBody(WireJson.ApiVersion, d.Id, d.Title, d.Text, metadata, d.Generation);
    }
}

/// <summary>v1 bulk upsert result; the documents are searchable once <see cref="Generation"/> is past the current one.</summary>
public sealed record UpsertBody(string ApiVersion, int Upserted, int Truncated, double EncodeMs, double WriteMs, string Visibility);

/// <summary>v1 delete result.</summary>
public sealed record DeleteBody(string ApiVersion, string Id, bool Deleted);

/// <summary>v1 refresh/commit result.</summary>
public sealed record GenerationBody(string ApiVersion, long Generation);

/// <summary>v1 stats.</summary>
public sealed record StatsBody(string ApiVersion, IndexStats Index);

/// <summary>Health and readiness.</summary>
public sealed record HealthBody(string Status, long? Generation = null);

/// <summary>v1 document for bulk upsert (the shape <see cref="DocumentBatchReader"/> accepts; documents the OpenAPI schema).</summary>
public sealed class DocumentRequestBody
{
    /// <summary>External id (required, non-empty); an existing document with this id is replaced.</summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string Id { get; set; } = "";

    /// <summary>Title, optional.</summary>
    public string? Title { get; set; }

    /// <summary>Body text, optional (title and text may not both be empty).</summary>
    public string? Text { get; set; }

    /// <summary>Any JSON value, stored verbatim and returned by GET /v1/documents/{id}.</summary>
    public JsonElement? Metadata { get; set; }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseSearch.Search.Query;

/// <summary>
/// The JSON shape of requests and responses shared by the CLI's <c>--json</c> and the REST service: snake_case
/// names, enums as kebab-case strings (<c>inference-free</c>, <c>min-max</c>), NaN allowed for a retriever score
/// that does not exist (a document without a stored vector).
/// </summary>
public static class SearchJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = true,
        // Titles and snippets stay readable (é, –, …); the output is JSON for programs, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads a request (e.g. a REST body): <c>{"query": "…", "mode": "hybrid", "k": 10, "alpha": 0.5, "fusion": "rrf",
    /// "retrievers": [{"mode": "dense", "weight": 1}], "explain": true, …}</c>. Malformed JSON, a wrong type or a
    /// missing query becomes an <see cref="InvalidSearchRequestException"/> naming the place; the values are then
    /// checked with <see cref="SearchRequestValidator"/> by the engine.
    /// </summary>
    public static SearchRequest DeserializeRequest(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<SearchRequest>(json, RequestOptions)
                ?? throw new InvalidSearchRequestException("body", "expected a JSON object, got null.");
        }
        catch (JsonException e)
        {
            string field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            throw new InvalidSearchRequestException(field, $"invalid request JSON (line {e.LineNumber + 1}): {e.Message}");
        }
    }

    private static JsonSerializerOptions RequestOptions { get; } = new(Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Serialises a response.</summary>
    public static string Serialize(SearchResponse response) => JsonSerializer.Serialize(response, Options);
}

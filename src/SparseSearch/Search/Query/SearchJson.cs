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

    /// <summary>Serialises a response.</summary>
    public static string Serialize(SearchResponse response) => JsonSerializer.Serialize(response, Options);
}

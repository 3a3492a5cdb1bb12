using System.Text.Json;
using System.Text.Json.Serialization;

namespace SparseSearch.Server.Api;

/// <summary>The v1 JSON conventions: camelCase names, enums as kebab-case strings, NaN allowed (an unscored retriever).</summary>
internal static class WireJson
{
    public const string ApiVersion = "v1";

    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DictionaryKeyPolicy = null;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        o.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    /// <summary>Strict reading: unknown properties are an error (a typo must not be silently ignored).</summary>
    public static readonly JsonSerializerOptions Strict = Create(strict: true);

    private static JsonSerializerOptions Create(bool strict)
    {
        var o = new JsonSerializerOptions();
        Configure(o);
        if (strict) o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        return o;
    }
}

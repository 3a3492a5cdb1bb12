using Microsoft.Extensions.Primitives;

namespace SparseSearch.Server.Security;

/// <summary>
/// Endpoint filter demanding the API key in <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>: 401 when it is
/// missing or wrong, 403 when the server has no key (writes disabled). Always problem+json.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeyStore keys, bool required) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!required) return next(context);
        var http = context.HttpContext;
        if (!keys.HasKey)
            return ValueTask.FromResult<object?>(Problems.Result(StatusCodes.Status403Forbidden, "Writes are disabled",
                "This server was started without an API key (--api-key-file or the SPARSESEARCH_API_KEY variable), so it takes no writes."));
        var presented = Presented(http.Request);
        if (presented.IsEmpty || !keys.Matches(presented))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Problems.Result(StatusCodes.Status401Unauthorized,
                presented.IsEmpty ? "API key required" : "Invalid API key",
                presented.IsEmpty ? $"Send the key as 'Authorization: Bearer <key>' or '{HeaderName}: <key>'." : "The API key presented is not this server's."));
        }
        return next(context);
    }

    private static ReadOnlySpan<char> Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out StringValues v) && v.Count == 1 && !string.IsNullOrEmpty(v[0]))
            return v[0].AsSpan().Trim();
        if (request.Headers.Authorization is { Count: 1 } auth && auth[0] is { } a && a.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return a.AsSpan(7).Trim();
        return default;
    }
}

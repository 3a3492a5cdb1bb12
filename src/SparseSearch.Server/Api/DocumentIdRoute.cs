using Microsoft.AspNetCore.Http.Features;

namespace SparseSearch.Server.Api;

/// <summary>
/// The document id of <c>/v1/documents/{id}</c>, exactly as the client escaped it. Routing leaves <c>%2F</c> encoded in
/// route values (and decodes everything else), so an id holding '/' or '%' would come out wrong; the id is taken from
/// the raw request target instead and unescaped once.
/// </summary>
internal static class DocumentIdRoute
{
    public const string Prefix = "/v1/documents/";

    public static string Resolve(HttpContext http, string routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw)) return routeValue;
        int q = raw.IndexOf('?');
        var path = q < 0 ? raw : raw[..q];
        int at = path.IndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0) return routeValue;
        var escaped = path[(at + Prefix.Length)..];
        return escaped.Length == 0 || escaped.Contains('/') ? routeValue : Uri.UnescapeDataString(escaped);
    }
}

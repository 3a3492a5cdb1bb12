using System.Text.Json;
using SparseSearch.Search.Query;
using SparseSearch.Service;

namespace SparseSearch.Server;

/// <summary>
/// Turns the exceptions that describe a bad request or a known server state into their problem response right at the
/// endpoint, so they are not logged as server faults; anything else goes on to the exception handler (500, logged).
/// </summary>
internal sealed class ClientErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is JsonException or InvalidDocumentException or InvalidSearchRequestException or ModeNotSupportedException
                                      or RequestBodyTooLargeException or ServiceUnavailableException or BadHttpRequestException)
        {
            var (status, title, detail, ext) = Problems.Map(e);
            return Problems.Result(status, title, detail, ext);
        }
    }
}

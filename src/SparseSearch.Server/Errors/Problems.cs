using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using SparseSearch.Index;
using SparseSearch.Search.Query;
using SparseSearch.Service;

namespace SparseSearch.Server;

/// <summary>RFC 7807 problem+json responses, and the one place exceptions become status codes.</summary>
internal static class Problems
{
    public static IResult Result(int status, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>
    /// Status, title and detail for an exception. Only exceptions that describe the client's request (or a known
    /// server state) show their message; anything else is a 500 with a generic text: messages of unexpected errors can
    /// name files and internals, and stack traces never leave the server.
    /// </summary>
    public static (int Status, string Title, string? Detail, IDictionary<string, object?>? Extensions) Map(Exception? e) => e switch
    {
        RequestBodyTooLargeException tl => (StatusCodes.Status413PayloadTooLarge, "Request body too large", tl.Message, null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, "Request body too large", "The request body exceeds the server's limit.", null),
        BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message, null),
        JsonException j => (StatusCodes.Status400BadRequest, "Malformed JSON", j.Message, null),
        InvalidDocumentException d => (StatusCodes.Status400BadRequest, "Invalid documents", d.Message,
            new Dictionary<string, object?> { ["errors"] = d.Problems }),
        InvalidSearchRequestException s => (StatusCodes.Status400BadRequest, "Invalid search request", s.Message,
            new Dictionary<string, object?> { ["field"] = s.Field }),
        ModeNotSupportedException m => (StatusCodes.Status400BadRequest, "Mode not available", m.Message, null),
        ServiceUnavailableException u => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", u.Message, null),
        ObjectDisposedException => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The service is shutting down.", null),
        OperationCanceledException => (StatusCodes.Status503ServiceUnavailable, "Request cancelled", "The request timed out or was cancelled.", null),
        CorruptIndexException => (StatusCodes.Status500InternalServerError, "Index corrupt", "The index failed an integrity check; see the server log.", null),
        _ => (StatusCodes.Status500InternalServerError, "Internal server error", "An unexpected error occurred; see the server log.", null),
    };

    /// <summary>The exception handler: writes the mapped problem (never a stack trace) and logs server faults.</summary>
    public static async Task HandleException(HttpContext context)
    {
        var error = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        var (status, title, detail, ext) = Map(error);
        if (status >= 500 && error is not null && error is not ServiceUnavailableException && error is not ObjectDisposedException)
        {
            var log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SparseSearch.Server.Errors");
            log.LogError(error, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = status;
        await Result(status, title, detail, ext).ExecuteAsync(context);
    }
}

/// <summary>The request body is larger than the server accepts.</summary>
internal sealed class RequestBodyTooLargeException(long limit)
    : Exception($"The request body is larger than the limit of {limit} bytes.");

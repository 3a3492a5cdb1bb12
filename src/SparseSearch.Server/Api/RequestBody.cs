using System.Buffers;

namespace SparseSearch.Server.Api;

/// <summary>Reads a whole request body, refusing (413) one larger than the limit whether or not it declared a length.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        if (request.ContentLength is long declared && declared > limit)
            throw new RequestBodyTooLargeException(limit);
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is long n and > 0 ? (int)n : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            int read = await request.Body.ReadAsync(memory, cancellation);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) throw new RequestBodyTooLargeException(limit);
        }
        return buffer.WrittenSpan.ToArray();
    }
}

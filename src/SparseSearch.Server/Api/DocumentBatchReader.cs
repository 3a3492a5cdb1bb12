using System.Text.Json;
using SparseSearch.Service;

namespace SparseSearch.Server.Api;

/// <summary>
/// Parses a bulk upsert body: a JSON array of documents, or NDJSON (one document object per line; blank lines
/// ignored). A document is <c>{"id": "…", "title": "…", "text": "…", "metadata": any JSON}</c>; id is required and a
/// string. A malformed body is a <see cref="JsonException"/> naming the line (NDJSON) or position (array); a document
/// breaking a rule is an <see cref="InvalidDocumentException"/> naming the item.
/// </summary>
internal static class DocumentBatchReader
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static List<DocumentInput> Read(ReadOnlyMemory<byte> body, int maxDocuments)
    {
        var span = body.Span;
        int first = 0;
        while (first < span.Length && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') first++;
        if (first == span.Length) throw new JsonException("The request body is empty; expected a JSON array of documents or NDJSON.");
        return span[first] == (byte)'[' ? ReadArray(body, maxDocuments) : ReadLines(body, maxDocuments);
    }

    private static List<DocumentInput> ReadArray(ReadOnlyMemory<byte> body, int maxDocuments)
    {
        using var doc = JsonDocument.Parse(body, Options);
        int count = doc.RootElement.GetArrayLength();
        if (count > maxDocuments) throw TooMany(count, maxDocuments);
        var list = new List<DocumentInput>(count);
        var problems = new List<string>();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (ToDocument(e, $"item {i}", problems) is { } d) list.Add(d);
            i++;
        }
        if (problems.Count > 0) throw new InvalidDocumentException(problems);
        return list;
    }

    private static List<DocumentInput> ReadLines(ReadOnlyMemory<byte> body, int maxDocuments)
    {
        var list = new List<DocumentInput>();
        var problems = new List<string>();
        int line = 0, start = 0;
        var span = body.Span;
        while (start <= span.Length)
        {
            int nl = span[start..].IndexOf((byte)'\n');
            int end = nl < 0 ? span.Length : start + nl;
            line++;
            var slice = body[start..end];
            if (!IsBlank(slice.Span))
            {
                if (list.Count + problems.Count >= maxDocuments) throw TooMany(list.Count + problems.Count + 1, maxDocuments);
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(slice, Options);
                }
                catch (JsonException e)
                {
                    throw new JsonException($"NDJSON line {line}: {e.Message}", e);
                }
                using (doc)
                    if (ToDocument(doc.RootElement, $"line {line}", problems) is { } d) list.Add(d);
            }
            if (nl < 0) break;
            start = end + 1;
        }
        if (problems.Count > 0) throw new InvalidDocumentException(problems);
        return list;
    }

    private static DocumentInput? ToDocument(JsonElement e, string where, List<string> problems)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{where}: expected a document object, found {e.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }
        string? id = null, title = null, text = null, metadata = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "id" or "_id":
                    if (p.Value.ValueKind != JsonValueKind.String) { problems.Add($"{where}: \"{p.Name}\" must be a string, found {p.Value.ValueKind.ToString().ToLowerInvariant()}"); return null; }
                    id = p.Value.GetString();
                    break;
                case "title":
                case "text":
                    if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) { problems.Add($"{where}: \"{p.Name}\" must be a string"); return null; }
                    if (p.Name == "title") title = p.Value.GetString(); else text = p.Value.GetString();
                    break;
                case "metadata":
                    metadata = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText();
                    break;
                default:
                    problems.Add($"{where}: unknown property \"{p.Name}\"; a document has id, title, text and metadata");
                    return null;
            }
        }
        if (string.IsNullOrEmpty(id))
        {
            problems.Add($"{where}: \"id\" is required and must be a non-empty string");
            return null;
        }
        return new DocumentInput(id, title, text, metadata);
    }

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    private static InvalidDocumentException TooMany(int count, int max) =>
        new([$"the batch holds {(count > max ? $"more than {max}" : count.ToString())} documents; at most {max} are accepted per request"]);
}

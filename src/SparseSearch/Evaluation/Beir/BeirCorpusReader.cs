using System.Text.Json;

namespace SparseSearch.Evaluation.Beir;

/// <summary>
/// Streams a BEIR <c>corpus.jsonl</c> (or <c>corpus.jsonl.gz</c>): one JSON object per line,
/// <c>{"_id": string, "title": string (optional), "text": string, ...}</c>; other fields are ignored.
/// Blank lines are skipped. A malformed line, a missing field or a repeated <c>_id</c> is reported with its line
/// number: thrown as <see cref="DataFormatException"/>, or passed to the handler and skipped.
/// </summary>
public static class BeirCorpusReader
{
    /// <summary>Reads documents one by one; memory stays flat apart from the set of ids seen (for the duplicate check).</summary>
    public static IEnumerable<BeirDocument> Read(string path, BadLineHandler? onBadLine = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            var doc = Parse(path, lines.LineNumber, line, seen, onBadLine);
            if (doc is not null)
                yield return doc;
        }
    }

    private static BeirDocument? Parse(string path, long lineNo, ReadOnlyMemory<byte> line, HashSet<string> seen, BadLineHandler? onBadLine)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            BadLines.Report(onBadLine, path, lineNo, "not valid JSON: " + e.Message, e);
            return null;
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                BadLines.Report(onBadLine, path, lineNo, $"expected a JSON object {{\"_id\", \"title\", \"text\"}}, found {root.ValueKind}");
                return null;
            }
            var id = JsonFields.Id(root, "_id", out var error);
            var title = error is null ? JsonFields.Text(root, "title", "", out error) : null;
            var text = error is null ? JsonFields.Text(root, "text", null, out error) : null;
            if (error is not null)
            {
                BadLines.Report(onBadLine, path, lineNo, error);
                return null;
            }
            if (!seen.Add(id!))
            {
                BadLines.Report(onBadLine, path, lineNo, $"document id \"{id}\" appears twice");
                return null;
            }
            return new BeirDocument(id!, title!, text!);
        }
    }
}

using System.Text.Json;

namespace SparseSearch.Evaluation.Beir;

/// <summary>
/// Reads a BEIR <c>queries.jsonl</c> (or <c>.gz</c>): one <c>{"_id": string, "text": string, ...}</c> per line.
/// Blank lines are skipped; a bad line or repeated id is reported with its line number (thrown, or passed to the handler).
/// </summary>
public static class BeirQueriesReader
{
    /// <summary>Reads all queries in file order.</summary>
    public static List<BeirQuery> ReadAll(string path, BadLineHandler? onBadLine = null)
    {
        var result = new List<BeirQuery>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            long lineNo = lines.LineNumber;
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                BadLines.Report(onBadLine, path, lineNo, "not valid JSON: " + e.Message, e);
                continue;
            }
            using (json)
            {
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    BadLines.Report(onBadLine, path, lineNo, $"expected a JSON object {{\"_id\", \"text\"}}, found {root.ValueKind}");
                    continue;
                }
                var id = JsonFields.Id(root, "_id", out var error);
                var text = error is null ? JsonFields.Text(root, "text", null, out error) : null;
                if (error is not null)
                {
                    BadLines.Report(onBadLine, path, lineNo, error);
                    continue;
                }
                if (!seen.Add(id!))
                {
                    BadLines.Report(onBadLine, path, lineNo, $"query id \"{id}\" appears twice");
                    continue;
                }
                result.Add(new BeirQuery(id!, text!));
            }
        }
        return result;
    }
}

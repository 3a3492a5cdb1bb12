using System.Text.Json;
using System.Text.Unicode;
using SparseSearch.Evaluation;

namespace SparseSearch.Indexing;

/// <summary>
/// Reads a JSONL corpus (BEIR <c>corpus.jsonl</c> or any JSONL, plain or <c>.gz</c>), checking every line. Each
/// non-blank line yields either a <see cref="SourceDocument"/> or a <see cref="SkippedLine"/> with its number and
/// reason (invalid UTF-8, not a JSON object, missing or non-string id, non-string title/text). Nothing is dropped
/// silently; blank lines are not documents and are passed over. Repeated ids are not an error here: the index treats
/// a later line as an update.
/// </summary>
/// <remarks>Text without a title and without a text field is a valid, empty document (the pipeline indexes and counts it).</remarks>
public sealed class CorpusReader : IDocumentSource
{
    private readonly string _path;
    private readonly CorpusFields _fields;

    /// <summary>A reader of <paramref name="path"/> with the given field names.</summary>
    public CorpusReader(string path, CorpusFields? fields = null)
    {
        _path = path ?? throw new ArgumentNullException(nameof(path));
        _fields = fields ?? CorpusFields.Beir;
    }

    /// <inheritdoc />
    public string Path => _path;

    /// <inheritdoc />
    public IEnumerable<CorpusEntry> Read(long skipLines, InputProgress input)
    {
        using var lines = new Utf8LineReader(input.Stream);
        while (lines.TryReadLine(out var line))
        {
            if (lines.LineNumber <= skipLines || Utf8LineReader.IsBlank(line.Span))
                continue;
            yield return Parse(lines.LineNumber, line);
        }
    }

    /// <summary>Parses one line (exposed for tests and other sources).</summary>
    public CorpusEntry Parse(long lineNo, ReadOnlyMemory<byte> line)
    {
        if (!Utf8.IsValid(line.Span))
            return Skip(lineNo, SkipReason.InvalidUtf8, "the line is not valid UTF-8 (expected UTF-8 encoded JSON)");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return Skip(lineNo, SkipReason.MalformedJson, "not valid JSON: " + e.Message);
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Skip(lineNo, SkipReason.MalformedJson, $"expected a JSON object with an id and text, found a JSON {root.ValueKind}");
            string idName = _fields.IdField ?? (root.TryGetProperty("_id", out _) ? "_id" : "id");
            if (!root.TryGetProperty(idName, out var idValue) || idValue.ValueKind == JsonValueKind.Null)
                return Skip(lineNo, SkipReason.MissingId, _fields.IdField is null
                    ? "missing \"_id\" (or \"id\"): every document needs a string id"
                    : $"missing \"{idName}\": every document needs a string id");
            string id;
            switch (idValue.ValueKind)
            {
                case JsonValueKind.String:
                    id = idValue.GetString()!;
                    if (id.Length == 0)
                        return Skip(lineNo, SkipReason.MissingId, $"\"{idName}\" is empty");
                    break;
                case JsonValueKind.Number:
                    id = idValue.GetRawText();
                    break;
                default:
                    return Skip(lineNo, SkipReason.BadId, $"\"{idName}\" is a JSON {idValue.ValueKind}, expected a string");
            }
            var title = TextField(root, _fields.TitleField, out var titleError);
            if (titleError is not null)
                return Skip(lineNo, SkipReason.NonStringText, titleError);
            var text = TextField(root, _fields.TextField, out var textError);
            if (textError is not null)
                return Skip(lineNo, SkipReason.NonStringText, textError);
            return new CorpusEntry(lineNo, new SourceDocument(lineNo, id, title, text), null);
        }
    }

    private static string TextField(JsonElement root, string name, out string? error)
    {
        error = null;
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return "";
        if (v.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" is a JSON {v.ValueKind}, expected a string";
            return "";
        }
        return v.GetString()!;
    }

    private static CorpusEntry Skip(long line, SkipReason reason, string message) => new(line, null, new SkippedLine(line, reason, message));
}

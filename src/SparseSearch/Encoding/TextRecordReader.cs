using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace SparseSearch.Encoding;

/// <summary>One text to encode: its id, its text (title and body joined) and the line it came from.</summary>
/// <param name="LineNumber">1-based line number in the input file.</param>
/// <param name="Id">The record's id.</param>
/// <param name="Text">The text to encode.</param>
public sealed record TextRecord(long LineNumber, string Id, string Text);

/// <summary>A line that could not be used, and why.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Reason">What was wrong and what was expected.</param>
public sealed record TextRecordError(long LineNumber, string Reason);

/// <summary>
/// Reads JSON Lines of texts to encode, checking every line: valid UTF-8, a JSON object, an id under <c>id</c> or
/// <c>_id</c> (string or integer), a string <c>text</c>, and an optional string <c>title</c> (joined as
/// <c>title + " " + text</c>, as BEIR corpora are encoded). A bad line becomes a <see cref="TextRecordError"/>
/// naming its number; nothing is dropped silently. A UTF-8 byte-order mark on the first line is ignored.
/// </summary>
public sealed class TextRecordReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start, _end;
    private bool _eof;
    private long _line;

    /// <summary>Reads from <paramref name="stream"/>.</summary>
    public TextRecordReader(Stream stream, bool ownsStream = true)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _ownsStream = ownsStream;
    }

    /// <summary>Opens a file.</summary>
    public static TextRecordReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));

    /// <summary>Bytes consumed so far (for progress).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next line: a record, an error, or false at the end.</summary>
    public bool TryRead(out TextRecord? record, out TextRecordError? error)
    {
        record = null;
        error = null;
        if (!NextLine(out var line)) return false;
        _line++;
        if (_line == 1 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) line = line[3..];
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        error = Parse(line, _line, out record);
        return true;
    }

    private static TextRecordError? Parse(ReadOnlySpan<byte> line, long number, out TextRecord? record)
    {
        record = null;
        if (line.IsEmpty || line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            return new TextRecordError(number, "blank line; expected a JSON object with \"id\" and \"text\"");
        if (!Utf8.IsValid(line))
            return new TextRecordError(number, "invalid UTF-8");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            // JsonException's message ends with its own (0-based, per-document) position; give the byte in the line instead.
            string message = e.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            return new TextRecordError(number, $"malformed JSON at byte {e.BytePositionInLine + 1}: {message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new TextRecordError(number, $"expected a JSON object, found {root.ValueKind}");
            if (!root.TryGetProperty("id", out var idEl) && !root.TryGetProperty("_id", out idEl))
                return new TextRecordError(number, "missing \"id\" (or \"_id\")");
            string? id = idEl.ValueKind switch
            {
                JsonValueKind.String => idEl.GetString(),
                JsonValueKind.Number when idEl.TryGetInt64(out long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            };
            if (string.IsNullOrEmpty(id))
                return new TextRecordError(number, $"\"id\" is {(idEl.ValueKind == JsonValueKind.Number ? "a non-integer number" : Describe(idEl))}; expected a non-empty string or an integer");
            if (!root.TryGetProperty("text", out var textEl))
                return new TextRecordError(number, $"record \"{id}\": missing \"text\"");
            if (textEl.ValueKind != JsonValueKind.String)
                return new TextRecordError(number, $"record \"{id}\": \"text\" is {Describe(textEl)}; expected a string");
            string text = textEl.GetString()!;
            if (root.TryGetProperty("title", out var titleEl) && titleEl.ValueKind != JsonValueKind.Null)
            {
                if (titleEl.ValueKind != JsonValueKind.String)
                    return new TextRecordError(number, $"record \"{id}\": \"title\" is {Describe(titleEl)}; expected a string");
                text = titleEl.GetString() + " " + text;
            }
            record = new TextRecord(number, id, text);
            return null;
        }
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "an empty string",
        JsonValueKind.Number => "a number",
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>The next line without its '\n'; valid until the next call.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        int scanFrom = _start;
        while (true)
        {
            int nl = _buffer.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int lineEnd = scanFrom + nl;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                BytesRead += lineEnd + 1 - _start;
                _start = lineEnd + 1;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { line = default; return false; }
                line = _buffer.AsSpan(_start, _end - _start);
                BytesRead += _end - _start;
                _start = _end;
                return true;
            }
            scanFrom = _end;
            // Make room: slide the partial line to the front, or grow the buffer for a very long line.
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                scanFrom -= _start;
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }
    }

    /// <summary>Closes the stream (when owned) and returns the buffer.</summary>
    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

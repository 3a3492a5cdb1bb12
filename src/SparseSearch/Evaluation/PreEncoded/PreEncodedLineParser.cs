using System.Buffers;
using System.Text.Json;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// Parses lines of a pre-encoded vector file (formats in <see cref="PreEncodedReader"/>) into <typeparamref name="T"/>:
/// the walk over the JSON object, the <c>id</c> and <c>contents</c> fields and the messages for a bad line are the same
/// for every format; a subclass reads the <c>vector</c> value and builds the result. Keeps its buffers from line to
/// line, so one instance serves one reader at a time.
/// </summary>
/// <remarks>Parsed with <see cref="Utf8JsonReader"/> straight from the line bytes: a corpus holds millions of weights.</remarks>
internal abstract class PreEncodedLineParser<T> where T : class
{
    /// <summary>The expected object, for the message when a line is not one.</summary>
    protected abstract string Shape { get; }

    /// <summary>Whether <c>contents</c> is read (sparse files) or passed over like any other field (dense files).</summary>
    protected abstract bool ReadsContents { get; }

    /// <summary>Called before each line: forget the previous line's values.</summary>
    protected abstract void Begin();

    /// <summary>Reads the <c>vector</c> value (the reader stands on its first token); returns a message when it is malformed.</summary>
    protected abstract string? ReadVector(ref Utf8JsonReader reader);

    /// <summary>Builds the value of a line whose fields were all read, or returns null with the reason.</summary>
    protected abstract T? Finish(string id, string? contents, out PreEncodedLineError? error);

    /// <summary>The id of a value this parser built.</summary>
    protected abstract string IdOf(T value);

    /// <summary>Parses one line; null with <paramref name="error"/> set when it is bad.</summary>
    public T? Parse(ReadOnlySpan<byte> line, out PreEncodedLineError? error)
    {
        try
        {
            return Walk(line, out error);
        }
        catch (JsonException e)
        {
            error = new PreEncodedLineError(PreEncodedProblem.MalformedJson, "not valid JSON: " + e.Message, Inner: e);
            return null;
        }
    }

    /// <summary>
    /// Streams a file's values: blank lines skipped, a bad line or a repeated id reported with its line number (thrown as
    /// <see cref="DataFormatException"/>, or passed to <paramref name="onBadLine"/> and skipped).
    /// </summary>
    public IEnumerable<T> ReadFile(string path, BadLineHandler? onBadLine)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            var value = Parse(line.Span, out var error);
            if (value is null)
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, error!.Message, error.Inner);
                continue;
            }
            string id = IdOf(value);
            if (!seen.Add(id))
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, $"id \"{id}\" appears twice");
                continue;
            }
            yield return value;
        }
    }

    private T? Walk(ReadOnlySpan<byte> line, out PreEncodedLineError? error)
    {
        Begin();
        string? id = null, contents = null;
        bool sawVector = false;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Fail(PreEncodedProblem.MalformedJson, "expected a JSON object " + Shape, id, out error);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    id = reader.GetString();
                    if (string.IsNullOrEmpty(id))
                        return Fail(PreEncodedProblem.MissingId, "\"id\" is empty", null, out error);
                }
                else if (reader.TokenType == JsonTokenType.Number)
                    id = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                else
                    return Fail(PreEncodedProblem.BadId, $"\"id\" is a JSON {reader.TokenType}, expected a string", null, out error);
            }
            else if (ReadsContents && reader.ValueTextEquals("contents"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    contents = reader.GetString();
                else if (reader.TokenType != JsonTokenType.Null)
                    return Fail(PreEncodedProblem.BadContents, $"\"contents\" is a JSON {reader.TokenType}, expected a string", id, out error);
            }
            else if (reader.ValueTextEquals("vector"u8))
            {
                reader.Read();
                sawVector = true;
                var bad = ReadVector(ref reader);
                if (bad is not null)
                    return Fail(PreEncodedProblem.BadVector, bad, id, out error);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (id is null)
            return Fail(PreEncodedProblem.MissingId, "missing \"id\"", null, out error);
        if (!sawVector)
            return Fail(PreEncodedProblem.BadVector, "missing \"vector\"", id, out error);
        return Finish(id, contents, out error);
    }

    private static T? Fail(PreEncodedProblem problem, string message, string? id, out PreEncodedLineError? error)
    {
        error = new PreEncodedLineError(problem, message, Id: id);
        return null;
    }
}

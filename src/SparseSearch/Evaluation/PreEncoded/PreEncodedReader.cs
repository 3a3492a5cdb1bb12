using System.Buffers;
using System.Text.Json;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>
/// Reads pre-encoded vectors, one JSON object per line (plain or <c>.gz</c>):
/// <list type="bullet">
/// <item>sparse (Anserini JsonVectorCollection): <c>{"id": "…", "contents": "…", "vector": {"token": weight, …}}</c>,
/// <c>contents</c> optional, weights integers (Anserini's quantised impacts) or decimals, never negative, each token once;</item>
/// <item>dense: <c>{"id": "…", "vector": [f0, f1, …]}</c>, every line the same dimension.</item>
/// </list>
/// Other fields are ignored, blank lines skipped. A bad line (not JSON, missing id or vector, wrong value type,
/// negative or out-of-range weight, repeated token, wrong dimension, repeated id) is reported with its line number:
/// thrown as <see cref="DataFormatException"/>, or passed to the handler and skipped.
/// </summary>
/// <remarks>Parsed with <see cref="Utf8JsonReader"/> straight from the line bytes: a corpus holds millions of weights.</remarks>
public static class PreEncodedReader
{
    /// <summary>Streams sparse vectors.</summary>
    public static IEnumerable<PreEncodedSparseVector> ReadSparse(string path, BadLineHandler? onBadLine = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new List<string>();
        var weights = new List<float>();
        var tokenSet = new HashSet<string>(StringComparer.Ordinal);
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            string? error;
            PreEncodedSparseVector? vector;
            try
            {
                vector = ParseSparse(line.Span, tokens, weights, tokenSet, out error);
            }
            catch (JsonException e)
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, "not valid JSON: " + e.Message, e);
                continue;
            }
            if (error is null && !seen.Add(vector!.Id))
                error = $"id \"{vector.Id}\" appears twice";
            if (error is not null)
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, error);
                continue;
            }
            yield return vector!;
        }
    }

    /// <summary>Streams dense vectors; <paramref name="dimension"/> (0 = taken from the first line) is enforced on every line.</summary>
    public static IEnumerable<PreEncodedDenseVector> ReadDense(string path, int dimension = 0, BadLineHandler? onBadLine = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<float>();
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            string? error;
            PreEncodedDenseVector? vector;
            try
            {
                vector = ParseDense(line.Span, values, out error);
            }
            catch (JsonException e)
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, "not valid JSON: " + e.Message, e);
                continue;
            }
            if (error is null && dimension > 0 && vector!.Vector.Length != dimension)
                error = $"vector has {vector.Vector.Length} components, expected {dimension}";
            if (error is null && !seen.Add(vector!.Id))
                error = $"id \"{vector.Id}\" appears twice";
            if (error is not null)
            {
                BadLines.Report(onBadLine, path, lines.LineNumber, error);
                continue;
            }
            if (dimension == 0)
                dimension = vector!.Vector.Length;
            yield return vector!;
        }
    }

    /// <summary>
    /// Parses one sparse line (the format above) on its own, for callers that stream lines themselves (the bulk
    /// indexer: resume positions, repeated ids as updates). Returns null with <paramref name="error"/> set on a bad line.
    /// </summary>
    public static PreEncodedSparseVector? ParseSparseLine(ReadOnlySpan<byte> line, out string? error)
    {
        try
        {
            return ParseSparse(line, new List<string>(), new List<float>(), new HashSet<string>(StringComparer.Ordinal), out error);
        }
        catch (JsonException e)
        {
            error = "not valid JSON: " + e.Message;
            return null;
        }
    }

    /// <summary>Reads every sparse vector into a list.</summary>
    public static List<PreEncodedSparseVector> ReadAllSparse(string path, BadLineHandler? onBadLine = null) => [.. ReadSparse(path, onBadLine)];

    /// <summary>Reads every dense vector into a list.</summary>
    public static List<PreEncodedDenseVector> ReadAllDense(string path, int dimension = 0, BadLineHandler? onBadLine = null) => [.. ReadDense(path, dimension, onBadLine)];

    private static PreEncodedSparseVector? ParseSparse(ReadOnlySpan<byte> line, List<string> tokens, List<float> weights, HashSet<string> tokenSet, out string? error)
    {
        tokens.Clear();
        weights.Clear();
        tokenSet.Clear();
        error = null;
        string? id = null, contents = null;
        bool sawVector = false;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "expected a JSON object {\"id\", \"contents\", \"vector\": {token: weight}}";
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = ReadId(ref reader, out error);
            }
            else if (reader.ValueTextEquals("contents"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    contents = reader.GetString();
                else if (reader.TokenType != JsonTokenType.Null)
                    error = $"\"contents\" is a JSON {reader.TokenType}, expected a string";
            }
            else if (reader.ValueTextEquals("vector"u8))
            {
                reader.Read();
                sawVector = true;
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    error = $"\"vector\" is a JSON {reader.TokenType}, expected an object of token: weight";
                    return null;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string token = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double w))
                    {
                        error = $"weight of token \"{token}\" is a JSON {reader.TokenType}, expected a number";
                        return null;
                    }
                    if (w < 0 || w > float.MaxValue)
                    {
                        error = $"weight of token \"{token}\" is {w}, expected a non-negative float";
                        return null;
                    }
                    if (!tokenSet.Add(token))
                    {
                        error = $"token \"{token}\" appears twice in the vector";
                        return null;
                    }
                    tokens.Add(token);
                    weights.Add((float)w);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
            if (error is not null)
                return null;
        }
        if (id is null)
            error = "missing \"id\"";
        else if (!sawVector)
            error = "missing \"vector\"";
        return error is null ? new PreEncodedSparseVector(id!, contents, [.. tokens], [.. weights]) : null;
    }

    private static PreEncodedDenseVector? ParseDense(ReadOnlySpan<byte> line, List<float> values, out string? error)
    {
        values.Clear();
        error = null;
        string? id = null;
        bool sawVector = false;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "expected a JSON object {\"id\", \"vector\": [numbers]}";
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = ReadId(ref reader, out error);
            }
            else if (reader.ValueTextEquals("vector"u8))
            {
                reader.Read();
                sawVector = true;
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    error = $"\"vector\" is a JSON {reader.TokenType}, expected an array of numbers";
                    return null;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out float v) || !float.IsFinite(v))
                    {
                        error = $"component {values.Count} is not a finite number";
                        return null;
                    }
                    values.Add(v);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
            if (error is not null)
                return null;
        }
        if (id is null)
            error = "missing \"id\"";
        else if (!sawVector)
            error = "missing \"vector\"";
        else if (values.Count == 0)
            error = "\"vector\" is empty";
        return error is null ? new PreEncodedDenseVector(id!, [.. values]) : null;
    }

    private static string? ReadId(ref Utf8JsonReader reader, out string? error)
    {
        error = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            var s = reader.GetString();
            if (string.IsNullOrEmpty(s))
                error = "\"id\" is empty";
            return s;
        }
        if (reader.TokenType == JsonTokenType.Number)
            return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        error = $"\"id\" is a JSON {reader.TokenType}, expected a string";
        return null;
    }
}

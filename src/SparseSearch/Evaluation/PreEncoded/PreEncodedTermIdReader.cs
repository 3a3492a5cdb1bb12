using System.Text.Json;
using SparseSearch.Encoding;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>A pre-encoded sparse vector with its tokens already mapped to model vocabulary ids.</summary>
/// <param name="Id">Document or query id.</param>
/// <param name="Contents">The text, when the file carries it.</param>
/// <param name="Vector">Ascending term ids and their weights (zero weights dropped).</param>
public sealed record PreEncodedTermVector(string Id, string? Contents, SparseVector Vector);

/// <summary>
/// Reads sparse JsonVectorCollection files (format in <see cref="PreEncodedReader"/>) straight into
/// <see cref="SparseVector"/>s over a model vocabulary, for bulk indexing: tokens are looked up as character spans,
/// so no string is allocated per token. A token missing from the vocabulary is a bad line (the vectors would come
/// from another model), reported like every other format error.
/// </summary>
public static class PreEncodedTermIdReader
{
    /// <summary>Streams the file's vectors mapped through <paramref name="vocabulary"/> (token → id; must use ordinal comparison).</summary>
    public static IEnumerable<PreEncodedTermVector> Read(string path, Dictionary<string, int> vocabulary, BadLineHandler? onBadLine = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!vocabulary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
            throw new ArgumentException("The vocabulary dictionary must use an ordinal string comparer.", nameof(vocabulary));
        return Read(path, (ReadOnlySpan<char> token, out int id) => lookup.TryGetValue(token, out id), onBadLine);
    }

    /// <summary>Streams the file's vectors mapped through <paramref name="lookup"/> (e.g. a tokenizer's <c>TryGetId</c>).</summary>
    public static IEnumerable<PreEncodedTermVector> Read(string path, TokenIdLookup lookup, BadLineHandler? onBadLine = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var ids = new List<int>();
        var weights = new List<float>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        char[] scratch = new char[256];
        using var lines = Utf8LineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (Utf8LineReader.IsBlank(line.Span))
                continue;
            PreEncodedTermVector? vector;
            string? error;
            try
            {
                vector = Parse(line.Span, lookup, ids, weights, ref scratch, out error);
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

    private static PreEncodedTermVector? Parse(ReadOnlySpan<byte> line, TokenIdLookup lookup, List<int> ids, List<float> weights, ref char[] scratch, out string? error)
    {
        ids.Clear();
        weights.Clear();
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
                if (reader.TokenType == JsonTokenType.String)
                    id = reader.GetString();
                else if (reader.TokenType == JsonTokenType.Number)
                    id = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                if (string.IsNullOrEmpty(id))
                {
                    error = $"\"id\" must be a non-empty string, found {reader.TokenType}";
                    return null;
                }
            }
            else if (reader.ValueTextEquals("contents"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                    contents = reader.GetString();
                else if (reader.TokenType != JsonTokenType.Null)
                {
                    error = $"\"contents\" is a JSON {reader.TokenType}, expected a string";
                    return null;
                }
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
                    int needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                    if (scratch.Length < needed)
                        scratch = new char[Math.Max(needed, scratch.Length * 2)];
                    int length = reader.CopyString(scratch);
                    var token = scratch.AsSpan(0, length);
                    if (!lookup(token, out int termId))
                    {
                        error = $"token \"{token}\" is not in the model vocabulary";
                        return null;
                    }
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double w) || w < 0 || w > float.MaxValue)
                    {
                        error = $"weight of token \"{token}\" must be a non-negative number";
                        return null;
                    }
                    if (w > 0)
                    {
                        ids.Add(termId);
                        weights.Add((float)w);
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (id is null)
        {
            error = "missing \"id\"";
            return null;
        }
        if (!sawVector)
        {
            error = "missing \"vector\"";
            return null;
        }
        int[] idArray = [.. ids];
        float[] weightArray = [.. weights];
        Array.Sort(idArray, weightArray);
        for (int i = 1; i < idArray.Length; i++)
            if (idArray[i] == idArray[i - 1])
            {
                error = $"term id {idArray[i]} appears twice in the vector";
                return null;
            }
        return new PreEncodedTermVector(id, contents, new SparseVector(idArray, weightArray));
    }
}

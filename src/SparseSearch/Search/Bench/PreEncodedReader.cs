using System.Runtime.CompilerServices;
using System.IO.Compression;
using System.Text.Json;
using SparseSearch.Encoding;

namespace SparseSearch.Search.Bench;

/// <summary>One pre-encoded line: id, optional contents, and the vector mapped to vocabulary ids.</summary>
public sealed record PreEncodedDocument(string Id, string? Contents, SparseVector Vector);

/// <summary>
/// Reads Anserini JsonVectorCollection JSONL (optionally .gz): <c>{"id": string|number, "contents"?: string,
/// "vector": {"token": weight, …}}</c>. Bad lines throw <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class PreEncodedReader
{
    /// <summary>Streams documents of <paramref name="path"/>; tokens missing from the vocabulary are counted in
    /// <paramref name="unknownTokens"/> and dropped.</summary>
    public static IEnumerable<PreEncodedDocument> Read(string path, VocabularyMap vocab, StrongBox<long> unknownTokens)
    {
        using var stream = OpenMaybeGzip(path);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, false, 1 << 16);
        var ids = new List<int>(256);
        var weights = new List<float>(256);
        var bytes = new byte[1 << 16];
        char[] tokenBuf = new char[256];
        long lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            int n = System.Text.Encoding.UTF8.GetMaxByteCount(line.Length);
            if (bytes.Length < n) bytes = new byte[n];
            n = System.Text.Encoding.UTF8.GetBytes(line, bytes);
            PreEncodedDocument doc;
            try
            {
                doc = ParseLine(bytes.AsSpan(0, n), vocab, ids, weights, ref tokenBuf, unknownTokens);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: {e.Message}", e);
            }
            yield return doc;
        }
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var fs = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(fs, CompressionMode.Decompress) : fs;
    }

    private static PreEncodedDocument ParseLine(ReadOnlySpan<byte> json, VocabularyMap vocab, List<int> ids, List<float> weights,
        ref char[] tokenBuf, StrongBox<long> unknown)
    {
        var r = new Utf8JsonReader(json);
        string? id = null, contents = null;
        bool sawVector = false;
        ids.Clear();
        weights.Clear();
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            throw new FormatException("expected a JSON object");
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                id = r.TokenType switch
                {
                    JsonTokenType.String => r.GetString(),
                    JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(r.ValueSpan),
                    _ => throw new FormatException("\"id\" must be a string or a number"),
                };
            }
            else if (r.ValueTextEquals("contents"u8))
            {
                r.Read();
                contents = r.TokenType == JsonTokenType.String ? r.GetString() : throw new FormatException("\"contents\" must be a string");
            }
            else if (r.ValueTextEquals("vector"u8))
            {
                sawVector = true;
                r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                    throw new FormatException("\"vector\" must be an object of token: weight");
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    int len = r.HasValueSequence ? (int)r.ValueSequence.Length : r.ValueSpan.Length;
                    if (tokenBuf.Length < len) tokenBuf = new char[len * 2];
                    int chars = r.CopyString(tokenBuf);
                    r.Read();
                    if (r.TokenType != JsonTokenType.Number)
                        throw new FormatException($"weight of token \"{new string(tokenBuf, 0, chars)}\" is not a number");
                    float w = r.GetSingle();
                    if (!vocab.TryGetId(tokenBuf.AsSpan(0, chars), out int tid))
                    {
                        unknown.Value++;
                        continue;
                    }
                    if (!float.IsFinite(w) || w < 0)
                        throw new FormatException($"token \"{new string(tokenBuf, 0, chars)}\" has weight {w}; expected finite >= 0");
                    if (w == 0) continue;
                    ids.Add(tid);
                    weights.Add(w);
                }
            }
            else
            {
                r.Read();
                r.Skip();
            }
        }
        if (id is null || id.Length == 0)
            throw new FormatException("missing \"id\"");
        if (!sawVector)
            throw new FormatException("missing \"vector\"");
        var ia = ids.ToArray();
        var wa = weights.ToArray();
        Array.Sort(ia, wa);
        for (int i = 1; i < ia.Length; i++)
            if (ia[i] == ia[i - 1])
                throw new FormatException("a token appears twice in \"vector\"");
        return new PreEncodedDocument(id, contents, new SparseVector(ia, wa));
    }
}

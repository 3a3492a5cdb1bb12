using System.Security.Cryptography;

namespace SparseSearch.Text;

/// <summary>
/// The WordPiece vocabulary: dense ids 0..N-1, lookups by character span without allocating, and a separate table
/// of continuation pieces keyed without their prefix so that "##" + piece never has to be built.
/// </summary>
internal sealed class Vocabulary
{
    private readonly string[] _tokens;
    private readonly SpanTokenTable _all;
    private readonly SpanTokenTable _continuations;
    private readonly bool _noPrefix;

    /// <summary>Builds the vocabulary; <paramref name="tokens"/>[id] is the token of that id and must be distinct.</summary>
    /// <exception cref="ArgumentException">A token appears twice (the message names both ids).</exception>
    public Vocabulary(string[] tokens, string continuationPrefix)
    {
        _tokens = tokens;
        _noPrefix = continuationPrefix.Length == 0;
        var all = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        var continuations = new List<(string, int)>();
        for (int id = 0; id < tokens.Length; id++)
        {
            string token = tokens[id];
            if (!all.TryAdd(token, id))
                throw new ArgumentException($"token \"{token}\" appears twice (ids {all[token]} and {id})");
            MaxTokenChars = Math.Max(MaxTokenChars, token.Length);
            if (continuationPrefix.Length > 0 && token.Length > continuationPrefix.Length && token.StartsWith(continuationPrefix, StringComparison.Ordinal))
            {
                string rest = token[continuationPrefix.Length..];
                continuations.Add((rest, id));
                MaxContinuationChars = Math.Max(MaxContinuationChars, rest.Length);
            }
        }
        var allEntries = new List<(string, int)>(tokens.Length);
        for (int id = 0; id < tokens.Length; id++) allEntries.Add((tokens[id], id));
        _all = new SpanTokenTable(allEntries);
        _continuations = new SpanTokenTable(continuations);
        if (_noPrefix) MaxContinuationChars = MaxTokenChars;
        Checksum = ComputeChecksum(tokens);
    }

    /// <summary>Number of tokens.</summary>
    public int Count => _tokens.Length;

    /// <summary>Longest token, in UTF-16 units: no longer span can match.</summary>
    public int MaxTokenChars { get; }

    /// <summary>Longest continuation piece without its prefix, in UTF-16 units.</summary>
    public int MaxContinuationChars { get; }

    /// <summary>SHA-256 (lowercase hex) of the UTF-8 tokens in id order joined by '\n'.</summary>
    public string Checksum { get; }

    /// <summary>The token of an id.</summary>
    public string this[int id] => _tokens[id];

    /// <summary>Looks a whole token up.</summary>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _all.TryGetValue(token, out id);

    /// <summary>Looks up prefix + <paramref name="piece"/> (a word-internal piece) without building the string.</summary>
    public bool TryGetContinuationId(ReadOnlySpan<char> piece, out int id) =>
        _noPrefix ? _all.TryGetValue(piece, out id) : _continuations.TryGetValue(piece, out id);

    private static string ComputeChecksum(string[] tokens)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] newline = [(byte)'\n'];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (i > 0) hash.AppendData(newline);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(tokens[i]));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

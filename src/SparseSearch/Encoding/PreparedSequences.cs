using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>Token sequences ready for a model run, with their truncation facts.</summary>
internal sealed class PreparedSequences
{
    private PreparedSequences(int[][] sequences, bool[] truncated)
    {
        Sequences = sequences;
        Truncated = truncated;
        foreach (var s in sequences) Tokens += s.Length;
        foreach (var t in truncated) if (t) TruncatedCount++;
    }

    public int[][] Sequences { get; }

    public bool[] Truncated { get; }

    public long Tokens { get; }

    public long TruncatedCount { get; }

    /// <summary>Tokenizes texts to at most <paramref name="maxLength"/> tokens ([SEP] kept last).</summary>
    public static PreparedSequences FromTexts(WordPieceTokenizer tokenizer, IReadOnlyList<string> texts, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return FromTokenized(tokenizer.EncodeBatch(texts, maxLength), maxLength);
    }

    /// <summary>Takes tokenizer output, cutting any sequence still over <paramref name="maxLength"/>; keeps the tokenizer's truncation flags.</summary>
    public static PreparedSequences FromTokenized(IReadOnlyList<TokenizedText> tokenized, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenized);
        var sequences = new int[tokenized.Count][];
        var truncated = new bool[tokenized.Count];
        for (int i = 0; i < sequences.Length; i++)
        {
            var t = tokenized[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(tokenized));
            if (t.Ids.Length == 0) throw new ArgumentException($"Text {i} has no tokens; expected at least [CLS] [SEP].", nameof(tokenized));
            sequences[i] = TokenTruncation.Truncate(t.Ids, maxLength, out bool cut);
            truncated[i] = cut || t.Truncated;
        }
        return new PreparedSequences(sequences, truncated);
    }

    /// <summary>Takes already tokenized texts, cutting those over <paramref name="maxLength"/>.</summary>
    public static PreparedSequences FromIds(IReadOnlyList<int[]> tokenIds, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        var sequences = new int[tokenIds.Count][];
        var truncated = new bool[tokenIds.Count];
        for (int i = 0; i < sequences.Length; i++)
        {
            var ids = tokenIds[i] ?? throw new ArgumentException($"Text {i} has no token ids.", nameof(tokenIds));
            if (ids.Length == 0) throw new ArgumentException($"Text {i} has no tokens; expected at least [CLS] [SEP].", nameof(tokenIds));
            sequences[i] = TokenTruncation.Truncate(ids, maxLength, out truncated[i]);
        }
        return new PreparedSequences(sequences, truncated);
    }
}

namespace SparseSearch.Text.Analysis;

/// <summary>Lucene's English stop set (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), the 33 words Anserini removes by default.</summary>
public static class EnglishStopWords
{
    private static readonly string[] Words =
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    ];

    private static readonly HashSet<string> Set = new(Words, StringComparer.Ordinal);
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Set.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The stop words, in alphabetical order.</summary>
    public static IReadOnlyList<string> All => Words;

    /// <summary>True when <paramref name="term"/> (already lower-cased; the match is case-sensitive as in Lucene) is a stop word.</summary>
    public static bool Contains(ReadOnlySpan<char> term) => term.Length <= 5 && SpanLookup.Contains(term);
}

namespace SparseSearch.Text;

/// <summary>
/// Character classes and per-code-point mappings of the BERT normalizer and pre-tokenizer, answered from
/// <see cref="BertUnicodeData"/> (Hugging Face's own behaviour) rather than from .NET's Unicode tables, whose version
/// differs and whose NFD is unavailable under InvariantGlobalization.
/// </summary>
internal static class BertCharClasses
{
    private const int HangulFirst = 0xAC00, HangulLast = 0xD7A3;
    private const int HangulL = 0x1100, HangulV = 0x1161, HangulT = 0x11A7, HangulTCount = 28, HangulNCount = 588;

    // Code point → position of its record in BertUnicodeData.Decompositions, for binary search (built once, immutable).
    private static readonly (int[] Keys, int[] Positions) DecompositionIndex = IndexRecords(BertUnicodeData.Decompositions);

    /// <summary>Longest output of <see cref="NormalizeCodePoint"/> in code points (generous: spaced CJK gives 3, a decomposition at most 4, a lowercase at most 2 per input).</summary>
    public const int MaxExpansion = 32;

    /// <summary>Punctuation as the BERT pre-tokenizer sees it: ASCII 33–47, 58–64, 91–96, 123–126 and Unicode P* (Hugging Face's table).</summary>
    public static bool IsPunctuation(int cp) => InRanges(BertUnicodeData.Punctuation, cp);

    /// <summary>Whitespace as Rust's <c>char::is_whitespace</c> (tab, newline and return included).</summary>
    public static bool IsWhitespace(int cp) => cp == ' ' || (cp >= 9 && cp <= 13) || (cp > 127 && InRanges(BertUnicodeData.Whitespace, cp));

    /// <summary>Characters clean_text drops (NUL, U+FFFD, controls other than tab/newline/return, format, private use).</summary>
    public static bool IsRemovedByClean(int cp) => InRanges(BertUnicodeData.Removed, cp);

    /// <summary>Hugging Face's "Chinese character" blocks, the ones handle_chinese_chars surrounds with spaces.</summary>
    public static bool IsCjk(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
        (cp >= 0x2A700 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x2F800 && cp <= 0x2FA1F);

    /// <summary>
    /// Applies the configured normalizer steps to one code point (clean, CJK spacing, NFD without nonspacing
    /// marks, lowercase), in Hugging Face's order, and writes the resulting code points to <paramref name="dest"/>.
    /// </summary>
    /// <returns>The number of code points written (0 when the character is dropped).</returns>
    public static int NormalizeCodePoint(int cp, BertNormalizerOptions options, Span<int> dest)
    {
        if (options.CleanText)
        {
            if (IsRemovedByClean(cp)) return 0;
            if (IsWhitespace(cp)) cp = ' ';
        }

        Span<int> stage = stackalloc int[MaxExpansion];
        int n;
        if (options.HandleChineseChars && IsCjk(cp))
        {
            stage[0] = ' '; stage[1] = cp; stage[2] = ' ';
            n = 3;
        }
        else
        {
            stage[0] = cp;
            n = 1;
        }

        if (options.StripAccents)
        {
            Span<int> stripped = stackalloc int[MaxExpansion];
            int m = 0;
            for (int i = 0; i < n; i++)
                m += StripAccents(stage[i], stripped[m..]);
            stripped[..m].CopyTo(stage);
            n = m;
        }

        if (options.Lowercase)
        {
            int m = 0;
            for (int i = 0; i < n; i++)
                m += Lowercase(stage[i], dest[m..]);
            return m;
        }

        stage[..n].CopyTo(dest);
        return n;
    }

    /// <summary>NFD of one code point with nonspacing marks removed.</summary>
    public static int StripAccents(int cp, Span<int> dest)
    {
        if (cp < 0x80) { dest[0] = cp; return 1; }
        if (cp >= HangulFirst && cp <= HangulLast)
        {
            int s = cp - HangulFirst;
            dest[0] = HangulL + s / HangulNCount;
            dest[1] = HangulV + s % HangulNCount / HangulTCount;
            int t = s % HangulTCount;
            if (t == 0) return 2;
            dest[2] = HangulT + t;
            return 3;
        }
        if (InRanges(BertUnicodeData.AccentMarks, cp)) return 0;
        var table = BertUnicodeData.Decompositions;
        int k = Array.BinarySearch(DecompositionIndex.Keys, cp);
        if (k < 0) { dest[0] = cp; return 1; }
        int at = DecompositionIndex.Positions[k];
        int count = table[at + 1];
        table.Slice(at + 2, count).CopyTo(dest);
        return count;
    }

    /// <summary>Lowercase of one code point as Rust's <c>char::to_lowercase</c> (full mapping, no context).</summary>
    public static int Lowercase(int cp, Span<int> dest)
    {
        if (cp < 0x80)
        {
            dest[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
            return 1;
        }
        var expansions = BertUnicodeData.LowercaseExpansions;
        for (int i = 0; i < expansions.Length; i += 2 + expansions[i + 1])
        {
            if (expansions[i] != cp) continue;
            int count = expansions[i + 1];
            expansions.Slice(i + 2, count).CopyTo(dest);
            return count;
        }
        var runs = BertUnicodeData.LowercaseRuns;
        int lo = 0, hi = runs.Length / 4 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int first = runs[mid * 4], last = runs[mid * 4 + 1];
            if (cp < first) hi = mid - 1;
            else if (cp > last) lo = mid + 1;
            else
            {
                int stride = runs[mid * 4 + 2];
                dest[0] = (cp - first) % stride == 0 ? cp + runs[mid * 4 + 3] : cp;
                return 1;
            }
        }
        dest[0] = cp;
        return 1;
    }

    /// <summary>Binary search in flattened inclusive (start, end) ranges.</summary>
    private static bool InRanges(ReadOnlySpan<int> ranges, int cp)
    {
        int lo = 0, hi = ranges.Length / 2 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[mid * 2]) hi = mid - 1;
            else if (cp > ranges[mid * 2 + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    private static (int[] Keys, int[] Positions) IndexRecords(ReadOnlySpan<int> table)
    {
        var keys = new List<int>();
        var positions = new List<int>();
        for (int i = 0; i < table.Length; i += 2 + table[i + 1])
        {
            keys.Add(table[i]);
            positions.Add(i);
        }
        return (keys.ToArray(), positions.ToArray());
    }
}

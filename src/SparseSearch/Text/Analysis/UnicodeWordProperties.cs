namespace SparseSearch.Text.Analysis;

/// <summary>Word_Break values of Unicode 12.1 (UAX #29), in the order the generated table encodes them.</summary>
internal enum WordBreak : byte
{
    Other, CR, LF, Newline, Extend, ZWJ, RegionalIndicator, Format, Katakana, HebrewLetter, ALetter,
    SingleQuote, DoubleQuote, MidNumLet, MidLetter, MidNum, Numeric, ExtendNumLet, WSegSpace,
}

/// <summary>The other Unicode 12.1 properties StandardTokenizer's grammar consults, as bit flags.</summary>
[Flags]
internal enum WordFlags : ushort
{
    None = 0,
    Emoji = 1 << 0,
    EmojiModifier = 1 << 1,
    EmojiModifierBase = 1 << 2,
    ExtendedPictographic = 1 << 3,
    Han = 1 << 4,
    Hiragana = 1 << 5,
    Hangul = 1 << 6,
    ComplexContext = 1 << 7,
}

/// <summary>
/// Unicode 12.1 character properties for word segmentation: the version Lucene 9.x's StandardTokenizer is compiled
/// against (JFlex 1.8.2, <c>%unicode 12.1</c>). .NET exposes no Word_Break and carries a newer Unicode, so the data is
/// a generated run-length table (UnicodeWordProperties.g.cs; see generate_unicode_word_properties.py for its source).
/// </summary>
internal static partial class UnicodeWordProperties
{
    /// <summary>The packed value of <paramref name="codePoint"/>: Word_Break in bits 0-4, <see cref="WordFlags"/> above.</summary>
    public static ushort Packed(int codePoint)
    {
        if ((uint)codePoint > 0x10FFFF)
            throw new ArgumentOutOfRangeException(nameof(codePoint), codePoint, "not a Unicode code point");
        var starts = RunStarts;
        int lo = 0, hi = starts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= codePoint) lo = mid; else hi = mid - 1;
        }
        return RunValues[lo];
    }

    public static WordBreak WordBreakOf(ushort packed) => (WordBreak)(packed & 0x1F);

    public static WordFlags FlagsOf(ushort packed) => (WordFlags)(packed >> 5);

    /// <summary>Calls <paramref name="visit"/> for each maximal run [start, end) of code points sharing one packed value.</summary>
    public static void ForEachRun(Action<int, int, ushort> visit)
    {
        var starts = RunStarts;
        var values = RunValues;
        if (starts.Length != RunCount || values.Length != RunCount || starts[0] != 0)
            throw new InvalidOperationException("UnicodeWordProperties.g.cs is inconsistent; regenerate it.");
        for (int i = 0; i < starts.Length; i++)
        {
            int end = i + 1 < starts.Length ? starts[i + 1] : 0x110000;
            visit(starts[i], end, values[i]);
        }
    }
}

using SparseSearch.Text.Analysis;
using Xunit;

namespace SparseSearch.Tests.Analysis;

/// <summary>Rules of Lucene's StandardTokenizer grammar (UAX #29 + emoji sequences) that the golden texts touch lightly.</summary>
public class StandardTokenizerTests
{
    private static List<(string Text, StandardTokenType Type)> Tokenize(string text, int max = StandardTokenizer.DefaultMaxTokenLength)
    {
        var result = new List<(string, StandardTokenType)>();
        var tokenizer = new StandardTokenizer(text, max);
        while (tokenizer.MoveNext(out var token))
            result.Add((text.Substring(token.Start, token.Length), token.Type));
        return result;
    }

    [Fact]
    public void AssignsLuceneTokenTypes()
    {
        var tokens = Tokenize("Hello 3.14 北京 テキスト 서울 สวัสดี の 😀 1,000 x2");
        Assert.Equal(
        [
            ("Hello", StandardTokenType.Alphanumeric), ("3.14", StandardTokenType.Numeric),
            ("北", StandardTokenType.Ideographic), ("京", StandardTokenType.Ideographic),
            ("テキスト", StandardTokenType.Katakana), ("서울", StandardTokenType.Hangul),
            ("สวัสดี", StandardTokenType.SoutheastAsian), ("の", StandardTokenType.Hiragana),
            ("😀", StandardTokenType.Emoji), ("1,000", StandardTokenType.Numeric), ("x2", StandardTokenType.Alphanumeric),
        ], tokens);
    }

    [Fact]
    public void KeepsEmojiSequencesWhole()
    {
        // Flag (two regional indicators), keycap, ZWJ family, skin-tone modifier, tag sequence (England flag).
        const string text = "\U0001F1FA\U0001F1F8 1\uFE0F\u20E3 \U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F44D\U0001F3FD "
            + "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F";
        var tokens = Tokenize(text);
        Assert.Equal(5, tokens.Count);
        Assert.All(tokens, t => Assert.Equal(StandardTokenType.Emoji, t.Type));
        Assert.Equal(text.Split(' '), tokens.Select(t => t.Text));
    }

    [Fact]
    public void AppliesMidLetterAndMidNumRules()
    {
        Assert.Equal(["don't", "U.S.A", "e.g", "3.5", "1,000.25", "a_b", "x", "y"],
            Tokenize("don't U.S.A. e.g. 3.5 1,000.25 a_b x--y").Select(t => t.Text));
        // Hebrew letters around a double quote stay together (WB7b/c); a trailing single quote joins (WB7a).
        Assert.Equal(["צה\"ל", "ש'"], Tokenize("צה\"ל ש'").Select(t => t.Text));
    }

    [Fact]
    public void CutsOverlongWordsAtTheMaximumLength()
    {
        var tokens = Tokenize(new string('a', 300) + " b");
        Assert.Equal([255, 45, 1], tokens.Select(t => t.Text.Length));
        Assert.Equal([4, 4, 2], Tokenize("abcdefghij", 4).Select(t => t.Text.Length));
        // A surrogate pair is never split at the window edge: the window shrinks by one unit instead.
        Assert.Equal(["abc", "\U0001D400d"], Tokenize("abc\U0001D400d", 4).Select(t => t.Text));
    }

    [Fact]
    public void SkipsPunctuationSymbolsAndUnassignedCodePoints()
    {
        Assert.Empty(Tokenize("....!!!???---___***&&& \u0378 \uE000 \t\r\n"));
        Assert.Equal(["™"], Tokenize("½ ² ™ ℃").Select(t => t.Text));
    }
}

public class UnicodeWordPropertiesTests
{
    [Theory]
    [InlineData('a', WordBreak.ALetter, WordFlags.None)]
    [InlineData('7', WordBreak.Numeric, WordFlags.Emoji)]
    [InlineData('\'', WordBreak.SingleQuote, WordFlags.None)]
    [InlineData('.', WordBreak.MidNumLet, WordFlags.None)]
    [InlineData(',', WordBreak.MidNum, WordFlags.None)]
    [InlineData('_', WordBreak.ExtendNumLet, WordFlags.None)]
    [InlineData(0x05D0, WordBreak.HebrewLetter, WordFlags.None)]
    [InlineData(0x200D, WordBreak.ZWJ, WordFlags.None)]
    [InlineData(0x0301, WordBreak.Extend, WordFlags.None)]
    [InlineData(0x00AD, WordBreak.Format, WordFlags.None)]
    [InlineData(0x30A2, WordBreak.Katakana, WordFlags.None)]
    [InlineData(0x4E00, WordBreak.Other, WordFlags.Han)]
    [InlineData(0x3042, WordBreak.Other, WordFlags.Hiragana)]
    [InlineData(0xAC00, WordBreak.ALetter, WordFlags.Hangul)]
    [InlineData(0x0E01, WordBreak.Other, WordFlags.ComplexContext)]
    [InlineData(0x1F600, WordBreak.Other, WordFlags.Emoji | WordFlags.ExtendedPictographic)]
    [InlineData(0x1F3FB, WordBreak.Extend, WordFlags.Emoji | WordFlags.EmojiModifier)]
    [InlineData(0x1F44D, WordBreak.Other, WordFlags.Emoji | WordFlags.EmojiModifierBase | WordFlags.ExtendedPictographic)]
    [InlineData(0x1F1E6, WordBreak.RegionalIndicator, WordFlags.Emoji)]
    [InlineData(0x0378, WordBreak.Other, WordFlags.None)] // unassigned
    [InlineData(0x1FA70, WordBreak.Other, WordFlags.Emoji | WordFlags.ExtendedPictographic)] // emoji new in 12.0
    internal void TableHoldsUnicode12Properties(int codePoint, WordBreak wordBreak, WordFlags flags)
    {
        ushort packed = UnicodeWordProperties.Packed(codePoint);
        Assert.Equal(wordBreak, UnicodeWordProperties.WordBreakOf(packed));
        Assert.Equal(flags, UnicodeWordProperties.FlagsOf(packed));
    }
}

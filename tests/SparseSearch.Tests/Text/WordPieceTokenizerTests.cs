using System.Security.Cryptography;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Text;

/// <summary>Behaviour of the tokenizer on hand-picked cases, checked against the real bert-base-uncased vocabulary.</summary>
public sealed class WordPieceTokenizerTests
{
    private static readonly Lazy<WordPieceTokenizer> Shared = new(() =>
        WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json")));

    private static WordPieceTokenizer Tokenizer => Shared.Value;

    /// <summary>"token(start,end)" for every piece between [CLS] and [SEP].</summary>
    private static string Pieces(string text, WordPieceTokenizer? tokenizer = null)
    {
        tokenizer ??= Tokenizer;
        var e = tokenizer.Encode(text);
        Assert.Equal(tokenizer.ClsId, e.Ids[0]);
        Assert.Equal(tokenizer.SepId, e.Ids[^1]);
        Assert.Equal(default, e.Offsets[0]);
        Assert.Equal(default, e.Offsets[^1]);
        return string.Join(" ", Enumerable.Range(1, e.Ids.Length - 2).Select(i => $"{tokenizer.GetToken(e.Ids[i])}({e.Offsets[i].Start},{e.Offsets[i].End})"));
    }

    [Fact]
    public void SpecialIdsAreBertsAndVocabularyIsComplete()
    {
        Assert.Equal(30522, Tokenizer.VocabSize);
        Assert.Equal((0, 100, 101, 102, 103), (Tokenizer.PadId, Tokenizer.UnkId, Tokenizer.ClsId, Tokenizer.SepId, Tokenizer.MaskId));
        Assert.True(Tokenizer.TryGetId("##ing", out int ing));
        Assert.Equal("##ing", Tokenizer.GetToken(ing));
        Assert.False(Tokenizer.TryGetId("not-a-token", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.GetToken(30522));
        Assert.True(Tokenizer.IsSpecialId(101) && Tokenizer.IsSpecialId(0) && Tokenizer.IsSpecialId(103));
        Assert.False(Tokenizer.IsSpecialId(1996) || Tokenizer.IsSpecialId(-1) || Tokenizer.IsSpecialId(99999));
    }

    [Fact]
    public void EmptyAndBlankTextGiveClsSep()
    {
        foreach (string text in new[] { "", " ", "\t\n\r ", "\u0000\u200b\ufeff" })
        {
            var e = Tokenizer.Encode(text);
            Assert.Equal([101, 102], e.Ids);
            Assert.Equal(2, e.UntruncatedLength);
            Assert.False(e.Truncated);
        }
    }

    [Fact]
    public void ContinuationPiecesCarryTheirOwnOffsets()
    {
        Assert.Equal("token(0,5) ##s(5,6)", Pieces("tokens"));
        Assert.Equal("hello(0,5) ,(5,6) world(7,12) !(12,13)", Pieces("Hello, World!"));
    }

    [Fact]
    public void LongWordsBecomeOneUnknown()
    {
        string hundred = new('a', 100), hundredOne = new('a', 101);
        var e100 = Tokenizer.Encode(hundred);
        Assert.DoesNotContain(Tokenizer.UnkId, e100.Ids);
        Assert.Equal("[UNK](0,101)", Pieces(hundredOne));
        // The limit counts code points, not UTF-16 units: 60 astral characters are 120 units but only 60 characters.
        string astral = string.Concat(Enumerable.Repeat("\U0001D400", 60));
        Assert.Equal("[UNK](0,60)", Pieces(astral));
        Assert.Equal("x(0,1) [UNK](2,103) y(104,105)", Pieces("x " + hundredOne + " y"));
    }

    [Fact]
    public void WordWithoutFullMatchIsOneUnknown()
    {
        Assert.False(Tokenizer.TryGetId("\u2603", out _));
        Assert.False(Tokenizer.TryGetId("##\u2603", out _));
        Assert.Equal("[UNK](0,7) ok(8,10)", Pieces("abc\u2603def ok"));
    }

    [Fact]
    public void PunctuationIsIsolatedIncludingAsciiSymbolsAndUnicodePunctuation()
    {
        Assert.Equal("a(0,1) $(1,2) b(2,3) +(3,4) c(4,5) <(5,6) =(6,7) >(7,8) ^(8,9) `(9,10) |(10,11) ~(11,12)", Pieces("a$b+c<=>^`|~"));
        Assert.Equal("«(0,1) x(1,2) »(2,3) —(3,4) y(4,5) …(5,6)", Pieces("«x»—y…"));
        // Symbols that are not punctuation (So, Sm outside ASCII) stay inside the word.
        Assert.Equal("[UNK](0,3)", Pieces("a\u2603b"));
    }

    [Fact]
    public void CjkIdeographsAreSpacedButKanaIsNot()
    {
        Assert.Equal("中(0,1) 文(1,2) abc(2,5)", Pieces("中文abc"));
        Assert.Equal("の(0,1) ##テ(1,2)", Pieces("のテ"));
    }

    [Fact]
    public void AccentsAreStrippedAndCaseLowered()
    {
        Assert.Equal("cafe(0,4) naive(5,10)", Pieces("Café NAÏVE"));
        // A combining acute accent disappears and leaves the offsets of its base letter.
        Assert.Equal("e(0,1) x(3,4)", Pieces("e\u0301 x"));
        // Hangul syllables decompose into jamo, every jamo keeping the syllable's offsets.
        Assert.Equal("ᄒ(0,1) ##ᅡ(0,1) ##ᆫ(0,1)", Pieces("한"));
    }

    [Fact]
    public void ControlAndFormatCharactersAreDroppedWhitespaceSplits()
    {
        Assert.Equal("tab(0,3) here(4,8) ##nu(9,11) ##ll(11,13)", Pieces("tab\there\u0000null"));
        Assert.Equal("control(0,7) bell(10,14)", Pieces("control \u0007 bell"));
        Assert.Equal("non(0,3) breaking(4,12)", Pieces("non\u00a0breaking"));
        Assert.Equal("ab(0,3)", Pieces("a\u200bb"));
    }

    [Fact]
    public void LiteralSpecialTokensInTextAreRecognisedExactly()
    {
        Assert.Equal("[CLS](0,5) [SEP](6,11) [MASK](12,18) x(18,19)", Pieces("[CLS] [SEP] [MASK]x"));
        // Added tokens match case-sensitively on the raw text, anywhere, even inside a word.
        Assert.Equal("a(0,1) [PAD](1,6) b(6,7)", Pieces("a[PAD]b"));
        Assert.Equal("[(0,1) cl(1,3) ##s(3,4) ](4,5)", Pieces("[cls]"));
    }

    [Fact]
    public void OffsetsAreCodePointsAndConvertToUtf16()
    {
        const string text = "😀 a 👍🏽b";
        Assert.Equal("[UNK](0,1) a(2,3) [UNK](4,7)", Pieces(text));
        var e = Tokenizer.Encode(text);
        var utf16 = TextOffsets.ToUtf16(text, e.Offsets);
        Assert.Equal("😀", text[utf16[1].Start..utf16[1].End]);
        Assert.Equal("a", text[utf16[2].Start..utf16[2].End]);
        Assert.Equal("👍🏽b", text[utf16[3].Start..utf16[3].End]);
        Assert.Equal(default, utf16[0]);
    }

    [Fact]
    public void LoneSurrogatesAreTreatedAsReplacementCharacters()
    {
        // A Rust string cannot hold one; like U+FFFD, clean_text drops it, and it counts as one code point.
        Assert.Equal("ab(0,3) x(4,5)", Pieces("a\ud800b x"));
        Assert.Equal("ab(0,3)", Pieces("a\udc00b"));
        const string text = "\ud800 x \U0001F600";
        var encoded = Tokenizer.Encode(text);
        Assert.Equal([new TokenOffset(2, 3), new TokenOffset(4, 5)], encoded.Offsets[1..^1]);
        Assert.Equal([new TokenOffset(2, 3), new TokenOffset(4, 6)], TextOffsets.ToUtf16(text, encoded.Offsets)[1..^1]);
    }

    [Fact]
    public void TruncationKeepsSepLastAndCountsTheCut()
    {
        var e = Tokenizer.Encode("one two three four five", 5);
        Assert.Equal(["[CLS]", "one", "two", "three", "[SEP]"], e.Ids.Select(Tokenizer.GetToken));
        Assert.True(e.Truncated);
        Assert.Equal(7, e.UntruncatedLength);
        Assert.Equal(5, e.Offsets.Length);
        Assert.Equal(new TokenOffset(8, 13), e.Offsets[3]);
        Assert.Equal([101, 102], Tokenizer.Encode("one two", 2).Ids);
        Assert.False(Tokenizer.Encode("one two", 4).Truncated);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Encode("x", 1));
    }

    [Fact]
    public void HugeTextIsCountedAndTruncated()
    {
        string text = string.Concat(Enumerable.Repeat("the tokens, ", 100_000));
        var e = Tokenizer.Encode(text, 512);
        Assert.Equal(512, e.Ids.Length);
        Assert.Equal(400_002, e.UntruncatedLength);
        Assert.True(e.Truncated);
        Assert.Equal(102, e.Ids[^1]);
        var full = Tokenizer.Encode(text);
        Assert.Equal([new TokenOffset(1_199_988, 1_199_991), new(1_199_992, 1_199_997), new(1_199_997, 1_199_998), new(1_199_998, 1_199_999)], full.Offsets[^5..^1]);
    }

    [Fact]
    public void BatchRejectsNullItemsUpFront()
    {
        var texts = Enumerable.Repeat("x", 100).ToList();
        texts[70] = null!;
        var e = Assert.Throws<ArgumentException>(() => Tokenizer.EncodeBatch(texts));
        Assert.Contains("texts[70]", e.Message);
    }

    [Fact]
    public void WordPiecesOmitSpecialsAndTruncation()
    {
        Assert.Equal([Tokenizer.Encode("the tokens").Ids[1], 19204, 2015], Tokenizer.EncodeWordPieces("the tokens"));
        Assert.Empty(Tokenizer.EncodeWordPieces(""));
        Assert.Equal([103], Tokenizer.EncodeWordPieces("[MASK]"));
    }

    [Fact]
    public void DistinctTermIdsAreAscendingWithoutSpecials()
    {
        // "the" 1996, "token" 19204, "##s" 2015; [MASK] and the [UNK] of "☃" are special and left out.
        Assert.Equal([1996, 2015, 19204], Tokenizer.GetDistinctTermIds("tokens the [MASK] the tokens \u2603"));
        Assert.Empty(Tokenizer.GetDistinctTermIds("[CLS] [SEP]"));
    }

    [Fact]
    public void ConcurrentEncodeGivesTheSameResults()
    {
        var texts = GoldenTexts.Items.Select(g => g.Text).ToArray();
        var expected = texts.Select(t => Tokenizer.Encode(t).Ids).ToArray();
        var actual = new int[texts.Length][];
        Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i % texts.Length] = Tokenizer.Encode(texts[i % texts.Length]).Ids);
        for (int i = 0; i < texts.Length; i++) Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void ChecksumIsSha256OfTheOrderedVocabulary()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Shared, "models", "bert-base-uncased", "vocab.txt"));
        string expected = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines))));
        Assert.Equal(expected, Tokenizer.VocabularyChecksum);
    }
}

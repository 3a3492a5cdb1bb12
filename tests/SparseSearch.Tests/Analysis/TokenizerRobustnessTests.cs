using System.Text;
using SparseSearch.Text.Analysis;
using Xunit;

namespace SparseSearch.Tests.Analysis;

/// <summary>Invariants on arbitrary input: random code points, unpaired surrogates, huge texts, concurrent use.</summary>
public class TokenizerRobustnessTests
{
    [Fact]
    public void TokensAreOrderedDisjointBoundedAndNeverSplitAPairOnRandomText()
    {
        var random = new Random(20261123);
        int tokens = 0;
        for (int round = 0; round < 300; round++)
        {
            var text = RandomText(random, random.Next(0, 400));
            int max = round % 3 == 0 ? 7 : StandardTokenizer.DefaultMaxTokenLength;
            var tokenizer = new StandardTokenizer(text, max);
            int end = 0;
            while (tokenizer.MoveNext(out var token))
            {
                tokens++;
                Assert.True(token.Start >= end && token.Length >= 1 && token.Length <= max && token.Start + token.Length <= text.Length,
                    $"round {round}: bad token {token} after offset {end}");
                Assert.False(char.IsLowSurrogate(text[token.Start]) && token.Start > 0 && char.IsHighSurrogate(text[token.Start - 1]),
                    $"round {round}: token {token} starts inside a surrogate pair");
                end = token.Start + token.Length;
            }
        }
        Assert.True(tokens > 1000, $"only {tokens} tokens over all rounds");
    }

    [Fact]
    public void AnalyzesAMegabyteDocumentAndIsThreadSafe()
    {
        var sb = new StringBuilder();
        var random = new Random(7);
        while (sb.Length < 1_000_000)
            sb.Append(RandomText(random, 200)).Append(" The researchers' findings were replicated. ");
        string text = sb.ToString();
        var analyzer = new EnglishAnalyzer();
        var expected = analyzer.Terms(text);
        Assert.True(expected.Count > 50_000);
        var results = new List<string>[4];
        Parallel.For(0, results.Length, i => results[i] = analyzer.Terms(text));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static string RandomText(Random random, int length)
    {
        // Mostly characters the grammar cares about, plus anything at all (including lone surrogates).
        string[] pieces = ["a", "Z", "é", "'", ".", ",", "_", "1", "٣", " ", "\u200D", "\u0301", "\uFE0F", "\u20E3", "#",
            "\U0001F600", "\U0001F3FD", "\U0001F1FA", "北", "の", "テ", "한", "ก", "א", "\"", "\uD800", "\uDC00", "\t", "™"];
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            if (random.Next(8) == 0)
            {
                int cp = random.Next(0x110000);
                if (cp is >= 0xD800 and <= 0xDFFF)
                    sb.Append((char)cp);
                else
                    sb.Append(char.ConvertFromUtf32(cp));
            }
            else
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
        }
        return sb.ToString();
    }
}

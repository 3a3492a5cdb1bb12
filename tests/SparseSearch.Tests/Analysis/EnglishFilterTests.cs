using SparseSearch.Text.Analysis;
using Xunit;

namespace SparseSearch.Tests.Analysis;

public class EnglishFilterTests
{
    [Theory]
    // Outputs of Porter's reference implementation (the vocabulary examples of the algorithm's description).
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("cats", "cat")]
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("hopping", "hop")]
    [InlineData("falling", "fall")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("relational", "relat")]
    [InlineData("connections", "connect")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("controlling", "control")]
    [InlineData("is", "is")]
    [InlineData("ion", "ion")]
    [InlineData("i.e", "i.")]
    public void PorterStemmerMatchesReference(string word, string stem) =>
        Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void AnalyzerStripsPossessivesLowercasesDropsStopWordsAndStems()
    {
        var analyzer = new EnglishAnalyzer();
        Assert.Equal(["jame", "cat", "hat", "mcdonald", "run"],
            analyzer.Terms("JAMES’S cat and THE hat: McDonald's RUNNING"));
        Assert.Equal(["istanbul"], analyzer.Terms("İstanbul"));
        Assert.Empty(analyzer.Terms("a an and are as at be but by for if in into is it no not of on or such that the "
            + "their then there these they this to was will with"));
        Assert.Equal(33, EnglishStopWords.All.Count);
    }

    [Fact]
    public void SinkReceivesTheSameTermsAsTheListApi()
    {
        var analyzer = new EnglishAnalyzer();
        var sink = new CountingSink();
        const string text = "Running runners ran; the runner's run.";
        analyzer.Analyze(text, sink);
        Assert.Equal(analyzer.Terms(text), sink.Terms);
    }

    private sealed class CountingSink : ITermSink
    {
        public List<string> Terms { get; } = new();

        public void Add(ReadOnlySpan<char> term) => Terms.Add(term.ToString());
    }
}

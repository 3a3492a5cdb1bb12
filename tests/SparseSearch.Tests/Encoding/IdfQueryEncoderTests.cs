using SparseSearch.Encoding;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class IdfQueryEncoderTests
{
    private static readonly Lazy<(IdfQueryEncoder Encoder, WordPieceTokenizer Vocab)> Shared = new(() =>
    {
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "opensearch-idf", "tokenizer.json"));
        return (IdfQueryEncoder.Load(Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json"), tokenizer), tokenizer);
    });

    [Fact]
    public void TextsMatchGoldenForAll288()
    {
        var texts = GoldenFiles.Texts;
        foreach (var g in GoldenFiles.Idf)
        {
            var v = Shared.Value.Encoder.Encode(texts[g.Id].Text);
            Assert.Equal(g.Weights.Keys.Order(), v.TermIds);
            for (int i = 0; i < v.Count; i++)
                Assert.Equal(g.Weights[v.TermIds[i]], (float)Math.Round((double)v.Weights[i], 6));
        }
    }

    [Fact]
    public void WithoutATokenizerOnlyIdsAreAccepted()
    {
        var encoder = new IdfQueryEncoder(Shared.Value.Encoder.Idf, Shared.Value.Encoder.SpecialTokens);
        Assert.Throws<InvalidOperationException>(() => encoder.Encode("hello"));
    }

    [Fact]
    public void MatchesGoldenForAll288TextsFromTheirTokenIds()
    {
        var texts = GoldenFiles.Texts;
        var golden = GoldenFiles.Idf;
        Assert.Equal(288, golden.Length);
        foreach (var g in golden)
        {
            var v = Shared.Value.Encoder.EncodeTokenIds(texts[g.Id].Ids);
            Assert.Equal(g.Weights.Keys.Order(), v.TermIds);
            for (int i = 0; i < v.Count; i++)
                Assert.Equal(g.Weights[v.TermIds[i]], (float)Math.Round((double)v.Weights[i], 6)); // the golden file has 6 decimals
        }
    }

    [Fact]
    public void DuplicatesAndSpecialTokensCollapse()
    {
        var (encoder, vocab) = Shared.Value;
        vocab.TryGetId("hello", out int hello);
        var v = encoder.EncodeTokenIds([101, hello, hello, 100, 102, 0]);
        Assert.Equal([hello], v.TermIds);
        Assert.Equal(encoder.Idf[hello], v.Weights[0]);
    }

    [Fact]
    public void UnknownTokenInIdfFileIsReportedWithTheFile()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "idf.json");
        File.WriteAllText(path, "{\"hello\": 2.5, \"zzqxnotatoken\": 1.0}");
        var vocab = Shared.Value.Vocab;
        var e = Assert.Throws<ModelFormatException>(() => IdfTable.Load(path, vocab.TryGetId, vocab.VocabSize));
        Assert.Contains(path, e.Message);
        Assert.Contains("zzqxnotatoken", e.Message);
    }

    [Theory]
    [InlineData("{\"hello\": -1}", "hello")]
    [InlineData("{\"hello\": \"x\"}", "hello")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{\"hello\": 1", "not valid JSON")]
    public void BadIdfFilesAreReported(string content, string expected)
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "idf.json");
        File.WriteAllText(path, content);
        var vocab = Shared.Value.Vocab;
        var e = Assert.Throws<ModelFormatException>(() => IdfTable.Load(path, vocab.TryGetId, vocab.VocabSize));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }
}

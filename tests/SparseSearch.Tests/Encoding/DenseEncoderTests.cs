using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

[Collection(EncoderCollection.Name)]
public class DenseEncoderTests(EncoderFixture fixture)
{
    [Fact]
    public void MiniLmMatchesGoldenForAll288TextsWith256TokenTruncation()
    {
        var golden = GoldenFiles.Dense;
        Assert.Equal(288, golden.Length);
        var texts = GoldenFiles.Texts;
        var encodings = fixture.Dense.Encode(golden.Select(g => texts[g.Id].Text).ToArray());
        double worst = 1;
        for (int i = 0; i < golden.Length; i++)
        {
            Assert.Equal(golden[i].InputIds.Length, encodings[i].TokenCount);
            Assert.Equal(texts[golden[i].Id].Ids.Length > 256, encodings[i].Truncated);
            Assert.Equal(384, encodings[i].Vector.Length);
            double cos = Cosine(golden[i].Vector, encodings[i].Vector);
            worst = Math.Min(worst, cos);
            Assert.True(cos >= 0.99999, $"{golden[i].Id}: cosine {cos}");
            Assert.Equal(1.0, Math.Sqrt(encodings[i].Vector.Sum(x => (double)x * x)), 4);
        }
    }

    [Fact]
    public void TokenIdPathTruncatesLikeTheTokenizer()
    {
        // The untruncated golden tokenization of long texts, cut by the encoder itself, must give the golden vectors.
        var texts = GoldenFiles.Texts;
        var longOnes = GoldenFiles.Dense.Where(g => texts[g.Id].Ids.Length > 256).Take(6).ToArray();
        Assert.NotEmpty(longOnes);
        var encodings = fixture.Dense.EncodeTokenIds(longOnes.Select(g => texts[g.Id].Ids).ToArray());
        for (int i = 0; i < longOnes.Length; i++)
        {
            Assert.True(encodings[i].Truncated);
            Assert.True(Cosine(longOnes[i].Vector, encodings[i].Vector) >= 0.99999);
        }
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}

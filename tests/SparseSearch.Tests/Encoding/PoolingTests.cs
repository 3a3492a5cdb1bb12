using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class PoolingTests
{
    [Fact]
    public void SpladeMaxLogSaturationOverMaskedTokens()
    {
        // 3 positions × 4 vocabulary entries; position 2 is padding and must be ignored even with huge logits.
        float[] logits =
        [
            1.0f, -2.0f, 0.0f, 3.0f,
            2.5f, -1.0f, -0.5f, 1.0f,
            100f, 100f, 100f, 100f,
        ];
        long[] mask = [1, 1, 0];
        var w = new float[4];
        SpladePooling.MaxLogSaturation(logits, 4, mask, w);
        float[] expected = [MathF.Log(1 + 2.5f), 0f, 0f, MathF.Log(1 + 3f)];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], w[i], 6);
    }

    [Fact]
    public void SpladePoolingMatchesTheNaiveFormulaOnRandomLogits()
    {
        var rng = new Random(7);
        int s = 9, v = 37;
        var logits = Enumerable.Range(0, s * v).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        long[] mask = [1, 1, 1, 1, 1, 1, 0, 0, 0];
        var w = new float[v];
        SpladePooling.MaxLogSaturation(logits, v, mask, w);
        for (int j = 0; j < v; j++)
        {
            double naive = 0;
            for (int t = 0; t < s; t++)
                if (mask[t] != 0) naive = Math.Max(naive, Math.Log(1 + Math.Max(0, logits[t * v + j])));
            Assert.True(Math.Abs(naive - w[j]) < 1e-5, $"entry {j}: {w[j]} vs {naive}");
        }
    }

    [Fact]
    public void SpladePoolingChecksShapes()
    {
        Assert.Throws<ArgumentException>(() => SpladePooling.MaxLogSaturation(new float[10], 4, new long[3], new float[4]));
        Assert.Throws<ArgumentException>(() => SpladePooling.MaxLogSaturation(new float[12], 4, new long[3], new float[5]));
    }

    [Fact]
    public void MeanPoolingAveragesRealTokensOnly()
    {
        float[] states = [1, 2, 3, 5, 7, 9, 1000, 1000];
        var dest = new float[2];
        DensePooling.Mean(states, 2, [1, 1, 1, 0], dest);
        Assert.Equal([11f / 3, 16f / 3], dest);
    }

    [Fact]
    public void ClsPoolingTakesTheFirstState()
    {
        var dest = new float[3];
        DensePooling.Cls([4, 5, 6, 7, 8, 9], 3, dest);
        Assert.Equal([4f, 5f, 6f], dest);
    }

    [Fact]
    public void L2NormalizeGivesUnitLengthAndLeavesZeroAlone()
    {
        float[] v = [3, 4];
        DensePooling.L2Normalize(v);
        Assert.Equal([0.6f, 0.8f], v);
        float[] zero = [0, 0, 0];
        DensePooling.L2Normalize(zero);
        Assert.Equal([0f, 0f, 0f], zero);
    }
}

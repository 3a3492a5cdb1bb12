using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class LengthBatchPlannerTests
{
    [Fact]
    public void EveryTextOnceLongestFirstWithinBudget()
    {
        var rng = new Random(3);
        int[] lengths = Enumerable.Range(0, 500).Select(_ => rng.Next(2, 513)).ToArray();
        var batches = LengthBatchPlanner.Plan(lengths, 2048, 32);
        Assert.Equal(Enumerable.Range(0, 500), batches.SelectMany(b => b.Indices).Order());
        int previous = int.MaxValue;
        foreach (var b in batches)
        {
            Assert.True(b.PaddedTokens <= 2048);
            Assert.True(b.Size <= 32);
            Assert.Equal(b.Indices.Max(i => lengths[i]), b.PaddedLength);
            Assert.True(b.PaddedLength <= previous);
            previous = b.PaddedLength;
        }
    }

    [Fact]
    public void AnOverBudgetTextRunsAlone()
    {
        var batches = LengthBatchPlanner.Plan([600, 10, 10], 512, 64);
        Assert.Equal([0], batches[0].Indices);
        Assert.Equal(600, batches[0].PaddedLength);
        Assert.Equal([1, 2], batches[1].Indices);
    }

    [Fact]
    public void EqualLengthsKeepInputOrder() =>
        Assert.Equal([0, 1, 2, 3], LengthBatchPlanner.Plan([5, 5, 5, 5], 100, 64).Single().Indices);

    [Fact]
    public void TruncationKeepsSepLast()
    {
        int[] ids = [101, 1, 2, 3, 4, 5, 102];
        Assert.Equal([101, 1, 2, 102], TokenTruncation.Truncate(ids, 4, out bool cut));
        Assert.True(cut);
        Assert.Same(ids, TokenTruncation.Truncate(ids, 7, out cut));
        Assert.False(cut);
    }
}

using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class SparseTermSelectorTests
{
    private static readonly SpecialTokenIds Bert = new(0, 100, 101, 102, 103);

    private static float[] Row(int vocab, params (int Id, float W)[] entries)
    {
        var row = new float[vocab];
        foreach (var (id, w) in entries) row[id] = w;
        return row;
    }

    [Fact]
    public void KeepsPositiveNonSpecialTermsInIdOrder()
    {
        var row = Row(200, (0, 1f), (5, 0.5f), (100, 0.84f), (101, 2f), (102, 1f), (103, 1f), (150, 0.25f), (199, 3f), (7, -1f));
        var v = new SparseTermSelector(200, Bert).Select(row);
        Assert.Equal([5, 150, 199], v.TermIds);
        Assert.Equal([0.5f, 0.25f, 3f], v.Weights);
    }

    [Fact]
    public void MinWeightIsExclusive()
    {
        var v = new SparseTermSelector(20, Bert, minWeight: 0.5f).Select(Row(20, (1, 0.5f), (2, 0.51f), (19, 0.6f)));
        Assert.Equal([2, 19], v.TermIds);
    }

    [Fact]
    public void TopKKeepsTheHeaviestAndBreaksTiesByLowerId()
    {
        var row = Row(64, (3, 1f), (9, 5f), (10, 2f), (11, 2f), (40, 2f), (63, 0.1f));
        var v = new SparseTermSelector(64, Bert, topK: 3).Select(row);
        Assert.Equal([9, 10, 11], v.TermIds);
        Assert.Equal([5f, 2f, 2f], v.Weights);
    }

    [Fact]
    public void ReusedAcrossRowsWithoutLeakingState()
    {
        var selector = new SparseTermSelector(30, Bert, topK: 2);
        Assert.Equal([1, 2], selector.Select(Row(30, (1, 3f), (2, 2f), (3, 1f))).TermIds);
        Assert.Equal([29], selector.Select(Row(30, (29, 1f))).TermIds);
        Assert.Empty(selector.Select(new float[30]).TermIds);
    }

    [Fact]
    public void MatchesAScalarReferenceOnRandomRows()
    {
        var rng = new Random(11);
        var selector = new SparseTermSelector(1003, Bert, minWeight: 0.3f);
        for (int round = 0; round < 20; round++)
        {
            var row = new float[1003];
            for (int i = 0; i < row.Length; i++) row[i] = rng.NextDouble() < 0.05 ? (float)rng.NextDouble() : 0f;
            var expected = Enumerable.Range(0, row.Length).Where(i => row[i] > 0.3f && !Bert.Contains(i)).ToArray();
            Assert.Equal(expected, selector.Select(row).TermIds);
        }
    }
}

using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests;

public class SparseVectorTests
{
    [Fact]
    public void FromPairsSortsSumsAndDropsNonPositive()
    {
        var v = SparseVector.FromPairs([new(5, 1f), new(2, 0.5f), new(5, 2f), new(9, 0f), new(7, -1f)]);
        Assert.Equal([2, 5], v.TermIds);
        Assert.Equal([0.5f, 3f], v.Weights);
    }

    [Fact]
    public void RejectsUnsortedIds() =>
        Assert.Throws<ArgumentException>(() => new SparseVector([3, 1], [1f, 1f]));

    [Fact]
    public void DotProductMatchesHandComputed()
    {
        var a = new SparseVector([1, 4, 9], [1f, 2f, 3f]);
        var b = new SparseVector([4, 9, 11], [0.5f, 2f, 7f]);
        Assert.Equal(7f, a.Dot(b));
    }
}

using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Search;

public class ForwardScoreTests
{
    /// <summary>The SIMD path must give the documented lane sum bit for bit, for both term widths and every tail length.</summary>
    [Fact]
    public unsafe void SimdEqualsScalarLaneDefinition()
    {
        var rng = new Random(3);
        var q = new float[70000];
        for (int i = 0; i < q.Length; i++) q[i] = rng.Next(3) == 0 ? 0f : (float)rng.NextDouble() * 3f;
        for (int trial = 0; trial < 400; trial++)
        {
            int n = rng.Next(0, 300);
            var terms = Enumerable.Range(0, n).Select(_ => rng.Next(q.Length)).Distinct().Order().ToArray();
            n = terms.Length;
            var impacts = Enumerable.Range(0, n).Select(_ => (byte)rng.Next(1, 256)).ToArray();
            var lanes = new float[8];
            for (int j = 0; j < n; j++) lanes[j & 7] += q[terms[j]] * impacts[j];
            float expected = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
            var t16 = terms.Select(t => (ushort)t).ToArray();
            bool fits16 = terms.All(t => t < 65536);
            fixed (int* t32 = terms)
            fixed (ushort* p16 = t16)
            fixed (byte* ip = impacts)
            fixed (float* qp = q)
            {
                Assert.Equal(expected, ForwardScore.Sum((byte*)t32, ip, n, wide: true, qp));
                if (fits16)
                    Assert.Equal(expected, ForwardScore.Sum((byte*)p16, ip, n, wide: false, qp));
            }
        }
    }

    [Fact]
    public void TopKTieBreakIsSegmentThenDoc()
    {
        var top = new TopKCollector(3);
        top.Offer(1f, 1, 5);
        top.Offer(1f, 0, 9);
        top.Offer(2f, 2, 0);
        top.Offer(1f, 0, 3);
        top.Offer(1f, 1, 0);
        Assert.Equal(new[] { (2f, 2, 0), (1f, 0, 3), (1f, 0, 9) }, top.Drain());
    }
}

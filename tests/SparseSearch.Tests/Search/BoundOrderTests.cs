using Xunit;
using SparseSearch.Search;

namespace SparseSearch.Tests.Search;

/// <summary>
/// The visiting order of a BlockMax pass: blocks by descending bound, ties by ascending block id, against an ordinary
/// comparison sort, including bounds that differ only in the low byte, only in the high byte, or not at all (the radix
/// sort skips a digit that never varies), one reused sorter across sizes, and the empty and single-block passes.
/// </summary>
public sealed class BoundOrderTests
{
    [Fact]
    public unsafe void SortsByDescendingBoundThenAscendingBlock()
    {
        var rng = new Random(17);
        var order = new BoundOrder();
        var acc = new ushort[20_000];
        for (int trial = 0; trial < 400; trial++)
        {
            int kind = trial % 4;
            int baseBound = rng.Next(65536);
            for (int i = 0; i < acc.Length; i++)
            {
                int v = kind switch
                {
                    0 => rng.Next(65536),                                   // both bytes vary
                    1 => (baseBound & 0xFF00) | rng.Next(256),              // low byte only
                    2 => (rng.Next(256) << 8) | (baseBound & 0xFF),         // high byte only
                    _ => baseBound,                                         // all equal
                };
                acc[i] = (ushort)v;
            }
            int n = trial < 4 ? trial % 2 : rng.Next(2, trial % 10 == 0 ? 9_000 : 700);
            var blocks = new SortedSet<int>();
            while (blocks.Count < n) blocks.Add(rng.Next(acc.Length));
            int[] collected = [.. blocks];
            var expected = (int[])collected.Clone();
            Array.Sort(expected, (a, b) => acc[a] != acc[b] ? acc[b].CompareTo(acc[a]) : a.CompareTo(b));
            var actual = new int[n + 5];
            collected.CopyTo(actual, 0);
            for (int i = n; i < actual.Length; i++) actual[i] = -7;
            fixed (ushort* a = acc)
                order.SortDescending(a, actual, n);
            Assert.Equal(expected, actual[..n]);
            for (int i = n; i < actual.Length; i++) Assert.Equal(-7, actual[i]);
        }
    }
}

using SparseSearch.Index.Merge;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>The merge policy as a pure function: tier merges, deletes-driven rewrites, forced-deletes groups, limits.</summary>
public class TieredMergePolicyTests
{
    private static readonly HashSet<int> None = new();

    // SegmentsPerTier 4, floor 10: tier 0 = [0, 40) live docs, tier 1 = [40, 160), tier 2 = [160, 640), ...
    private static readonly TieredMergePolicy Policy = new() { SegmentsPerTier = 4, FloorDocs = 10, MaxMergedDocs = 10_000 };

    private static SegmentSize S(int docs, int live) => new(docs, live);

    private static SegmentSize Clean(int docs) => new(docs, docs);

    private static int[] Pick(TieredMergePolicy policy, IReadOnlyList<SegmentSize> segments, ISet<int> busy)
    {
        var pick = policy.FindMerge(segments, busy);
        Assert.NotNull(pick);
        return pick;
    }

    [Fact]
    public void NothingToDoWithoutFullTiersOrDeletes()
    {
        Assert.Null(Policy.FindMerge([], None));
        Assert.Null(Policy.FindMerge([Clean(100), Clean(100), Clean(100), Clean(5)], None));
    }

    [Fact]
    public void FullTierMergesItsSmallestSegments()
    {
        // Tier 1 holds five segments; the four smallest merge. Tier 0 has three (not full).
        var segs = new[] { Clean(150), Clean(5), Clean(60), Clean(45), Clean(7), Clean(100), Clean(50), Clean(9) };
        Assert.Equal([2, 3, 5, 6], Pick(Policy, segs, None));
    }

    [Fact]
    public void LowestFullTierGoesFirst()
    {
        var segs = new[] { Clean(100), Clean(100), Clean(100), Clean(100), Clean(1), Clean(2), Clean(3), Clean(4) };
        Assert.Equal([4, 5, 6, 7], Pick(Policy, segs, None));
    }

    [Fact]
    public void BusyAndOversizedSegmentsAreNotMerged()
    {
        var segs = new[] { Clean(100), Clean(100), Clean(100), Clean(100) };
        Assert.Null(Policy.FindMerge(segs, new HashSet<int> { 2 }));
        var big = Policy with { MaxMergedDocs = 99 };
        Assert.Null(big.FindMerge([Clean(100), Clean(100), Clean(100), Clean(100)], None));
    }

    [Fact]
    public void DeletesAtOrBelowTheBoundAreTolerated()
    {
        // 20% exactly is allowed (the bound is exceeded only above it).
        Assert.Null(Policy.FindMerge([S(100, 80), Clean(100)], None));
        Assert.Null(Policy.FindMerge([S(1000, 850)], None));
    }

    [Fact]
    public void SegmentOverTheBoundIsRewrittenAlone()
    {
        // 21% deleted; its tier-mate (100 live) does not fit into the 21 freed slots.
        Assert.Equal([0], Pick(Policy, [S(100, 79), Clean(100)], None));
        // 80% deleted; the other segment is in another tier (450 live: tier 2).
        Assert.Equal([1], Pick(Policy, [Clean(450), S(500, 100)], None));
    }

    [Fact]
    public void CandidateReclaimingTheMostDocsWins()
    {
        // 90% of 10 docs vs 30% of 1000: the larger absolute reclaim wins, not the larger share.
        var segs = new[] { S(10, 1), S(1000, 700), S(200, 100) };
        Assert.Equal([1], Pick(Policy, segs, None));
    }

    [Fact]
    public void RewriteFillsTheFreedSpaceWithTheTiersSmallestSegments()
    {
        // Candidate: 100 of 160 stored live (tier 1). Tier-1 mates 45 and 50; budget 160 → 100 + 45 fits, +50 does
        // not. The 5-doc segment is in tier 0.
        var segs = new[] { S(160, 100), Clean(50), Clean(45), Clean(5) };
        Assert.Equal([0, 2], Pick(Policy, segs, None));
        // With more room every tier-mate joins.
        var roomy = new[] { Clean(50), S(400, 150), Clean(45), Clean(5) };
        Assert.Equal([0, 1, 2], Pick(Policy, roomy, None));
    }

    [Fact]
    public void OtherOverTheBoundTierMatesJoinFirst()
    {
        // Both 0 and 2 exceed the bound; 0 reclaims more and takes 2 (50 live) before the smaller clean 41.
        var segs = new[] { S(300, 120), Clean(41), S(100, 50) };
        Assert.Equal([0, 1, 2], Pick(Policy, segs, None));
        var tight = new[] { S(200, 120), Clean(41), S(100, 50) };
        Assert.Equal([0, 2], Pick(Policy, tight, None));
    }

    [Fact]
    public void TierMatesComeOnlyFromTheCandidatesTier()
    {
        // Candidate live 50 (tier 1); the 5-doc segment is tier 0 and must not join even though it fits.
        Assert.Equal([1], Pick(Policy, [Clean(5), S(100, 50)], None));
    }

    [Fact]
    public void OversizedSegmentOverTheBoundIsRewrittenAlone()
    {
        var p = Policy with { MaxMergedDocs = 1000 };
        var segs = new[] { S(5000, 2000), Clean(1500), Clean(45) };
        Assert.Equal([0], Pick(p, segs, None));
    }

    [Fact]
    public void MergedSizeStaysWithinMaxMergedDocs()
    {
        var p = Policy with { MaxMergedDocs = 130 };
        Assert.Equal([0, 1], Pick(p, [S(400, 80), Clean(45), Clean(50)], None));
    }

    [Fact]
    public void FullyDeletedAndBusySegmentsAreNoCandidates()
    {
        Assert.Null(Policy.FindMerge([S(100, 0)], None));
        Assert.Null(Policy.FindMerge([S(100, 10), Clean(100)], new HashSet<int> { 0 }));
        // A busy tier-mate is not taken.
        Assert.Equal([0, 2], Pick(Policy, [S(300, 100), Clean(41), Clean(45)], new HashSet<int> { 1 }));
    }

    [Fact]
    public void FullTierGoesBeforeDeletes()
    {
        var segs = new[] { S(1000, 100), Clean(1), Clean(2), Clean(3), Clean(4) };
        Assert.Equal([1, 2, 3, 4], Pick(Policy, segs, None));
    }

    [Fact]
    public void LowerBoundRewritesSooner()
    {
        var segs = new[] { S(100, 85), Clean(100) }; // 15% deleted
        Assert.Null(Policy.FindMerge(segs, None));
        Assert.Equal([0], Pick((Policy with { DeletesPctAllowed = 10 }), segs, None));
    }

    [Theory]
    [InlineData(4.9)]
    [InlineData(50.1)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void DeletesPctAllowedIsValidated(double pct) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredMergePolicy { DeletesPctAllowed = pct });

    [Fact]
    public void OtherLimitsAreValidated()
    {
        Assert.Equal(20, new TieredMergePolicy().DeletesPctAllowed);
        Assert.Equal(5, new TieredMergePolicy { DeletesPctAllowed = 5 }.DeletesPctAllowed);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredMergePolicy { SegmentsPerTier = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredMergePolicy { FloorDocs = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TieredMergePolicy { MaxMergedDocs = 0 });
    }

    [Fact]
    public void ForcedDeletesMergesGroupNeighboursWithinLimits()
    {
        var segs = new[] { Clean(100), S(100, 95), S(100, 70), S(100, 40), S(100, 0), S(100, 80), Clean(10), S(100, 50) };
        // > 10%: 2, 3, 5, 7 (1 has 5%, 4 has no live docs: dropped at commit anyway).
        Assert.Equal([[2, 3, 5, 7]], Policy.FindForcedDeletesMerges(segs, 10));
        // Any deletion: 1 joins; four sources per merge at most.
        Assert.Equal([[1, 2, 3, 5], [7]], Policy.FindForcedDeletesMerges(segs, 0));
        Assert.Equal([[2, 3], [5, 7]], (Policy with { MaxMergedDocs = 130 }).FindForcedDeletesMerges(segs, 10));
        Assert.Empty(Policy.FindForcedDeletesMerges(segs, 60));
        Assert.Empty(Policy.FindForcedDeletesMerges([Clean(5), Clean(50)], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.FindForcedDeletesMerges(segs, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.FindForcedDeletesMerges(segs, -0.5));
    }

    [Fact]
    public void SameInputSameAnswerAndInputUntouched()
    {
        var segs = new List<SegmentSize> { S(300, 100), Clean(41), S(100, 50), Clean(45) };
        var copy = segs.ToList();
        var a = Policy.FindMerge(segs, None);
        var b = Policy.FindMerge(segs, None);
        Assert.Equal(a, b);
        Assert.Equal(copy, segs);
    }

    /// <summary>Random segment lists: every pick is valid, and applying picks until none is left (a merge replaces its
    /// sources by one segment with no deletes) ends with no full tier and no segment over the bound.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RepeatedMergingConvergesWithinTheBounds(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            var p = new TieredMergePolicy
            {
                SegmentsPerTier = rng.Next(2, 8),
                FloorDocs = rng.Next(1, 50),
                MaxMergedDocs = rng.Next(100, 20_000),
                DeletesPctAllowed = rng.Next(5, 51),
            };
            var segs = new List<SegmentSize>();
            int n = rng.Next(0, 30);
            for (int i = 0; i < n; i++)
            {
                int docs = (int)Math.Pow(10, rng.NextDouble() * 4) + 1;
                int live = rng.Next(3) == 0 ? docs : rng.Next(0, docs + 1);
                segs.Add(S(docs, live));
            }
            long totalLive = segs.Sum(s => (long)s.LiveCount);
            var busy = new HashSet<int>();
            if (segs.Count > 0 && rng.Next(4) == 0) busy.Add(rng.Next(segs.Count));
            for (int step = 0; ; step++)
            {
                Assert.True(step < 10_000, "the policy did not converge");
                var pick = p.FindMerge(segs, busy);
                if (pick is null) break;
                Assert.NotEmpty(pick);
                Assert.True(pick.Length <= p.SegmentsPerTier);
                for (int i = 0; i < pick.Length; i++)
                {
                    Assert.InRange(pick[i], 0, segs.Count - 1);
                    Assert.DoesNotContain(pick[i], busy);
                    if (i > 0) Assert.True(pick[i] > pick[i - 1], "ascending, distinct");
                }
                long merged = pick.Sum(i => (long)segs[i].LiveCount);
                long deleted = pick.Sum(i => (long)segs[i].DeletedCount);
                foreach (var i in pick)
                    Assert.True(segs[i].LiveCount <= p.MaxMergedDocs || pick.Length == 1, "an oversized segment is only rewritten alone");
                if (pick.Length == 1)
                    Assert.True(deleted > 0, "a single-segment rewrite must reclaim something");
                // Apply: the merged segment replaces the first source; busy indexes shift accordingly.
                var busySegs = busy.Select(i => segs[i]).ToList();
                var next = new List<SegmentSize>();
                var busyNext = new HashSet<int>();
                for (int i = 0; i < segs.Count; i++)
                {
                    if (i == pick[0]) next.Add(Clean((int)merged));
                    else if (Array.IndexOf(pick, i) < 0)
                    {
                        if (busy.Contains(i)) busyNext.Add(next.Count);
                        next.Add(segs[i]);
                    }
                }
                segs = next;
                busy = busyNext;
            }
            Assert.Equal(totalLive, segs.Sum(s => (long)s.LiveCount));
            for (int i = 0; i < segs.Count; i++)
            {
                if (busy.Contains(i) || segs[i].LiveCount == 0) continue;
                Assert.False(segs[i].DeletedPct > p.DeletesPctAllowed, $"segment {segs[i]} left over the deletes bound");
            }
        }
    }
}

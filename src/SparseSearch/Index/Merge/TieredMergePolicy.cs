namespace SparseSearch.Index.Merge;

/// <summary>
/// Chooses merges by size tiers: segments are grouped into tiers by live-document count (tier i holds segments of
/// [floor·factor^i, floor·factor^(i+1)) docs); when a tier holds <see cref="SegmentsPerTier"/> segments, its smallest
/// ones merge into one segment of the next tier. Each document is thus rewritten O(log_factor(N)) times, and the
/// segment count stays O(SegmentsPerTier · log N). Segments above <see cref="MaxMergedDocs"/> are left alone.
/// </summary>
public sealed record TieredMergePolicy
{
    /// <summary>Segments per tier before a merge is triggered (also the number merged at once).</summary>
    public int SegmentsPerTier { get; init; } = 10;

    /// <summary>Segments smaller than this count as this size (so tiny flushes share a tier).</summary>
    public int FloorDocs { get; init; } = 1000;

    /// <summary>Segments with more live docs are never merged by the policy (ForceMerge ignores this).</summary>
    public int MaxMergedDocs { get; init; } = 5_000_000;

    /// <summary>Picks segment indexes (into <paramref name="liveCounts"/>) to merge, or null when none is needed.</summary>
    public int[]? FindMerge(IReadOnlyList<int> liveCounts, ISet<int> busy)
    {
        int perTier = Math.Max(2, SegmentsPerTier);
        var tiers = new Dictionary<int, List<int>>();
        for (int i = 0; i < liveCounts.Count; i++)
        {
            if (busy.Contains(i) || liveCounts[i] > MaxMergedDocs)
                continue;
            double size = Math.Max(liveCounts[i], FloorDocs);
            int tier = (int)Math.Floor(Math.Log(size / FloorDocs, perTier) + 1e-9);
            if (!tiers.TryGetValue(tier, out var list))
                tiers[tier] = list = new List<int>();
            list.Add(i);
        }
        foreach (var tier in tiers.Keys.Order())
        {
            var list = tiers[tier];
            if (list.Count < perTier)
                continue;
            list.Sort((a, b) => liveCounts[a].CompareTo(liveCounts[b]));
            var pick = list.GetRange(0, perTier);
            pick.Sort();
            return pick.ToArray();
        }
        return null;
    }
}

namespace SparseSearch.Index.Merge;

/// <summary>The policy's view of one segment: documents stored and documents still live (not deleted).</summary>
public readonly record struct SegmentSize(int DocCount, int LiveCount)
{
    /// <summary>Deleted documents still occupying the segment (reclaimed by rewriting it).</summary>
    public int DeletedCount => DocCount - LiveCount;

    /// <summary>Deleted documents as a percentage of the stored ones (0 for an empty segment).</summary>
    public double DeletedPct => DocCount == 0 ? 0 : 100.0 * DeletedCount / DocCount;
}

/// <summary>
/// Chooses merges by size tiers: segments are grouped into tiers by live-document count (tier i holds segments of
/// [floor·factor^i, floor·factor^(i+1)) docs); when a tier holds <see cref="SegmentsPerTier"/> segments, its smallest
/// ones merge into one segment of the next tier. Each document is thus rewritten O(log_factor(N)) times, and the
/// segment count stays O(SegmentsPerTier · log N). Segments above <see cref="MaxMergedDocs"/> live docs are left
/// alone by tier merges.
/// <para>
/// Deletes: a deleted document keeps costing postings, scoring and disk until its segment is rewritten, and tier merges
/// alone reach a segment only when its tier fills, which for the big tiers may be never. So when no tier is full, a
/// segment whose deleted share exceeds <see cref="DeletesPctAllowed"/> is rewritten (like Lucene's TieredMergePolicy
/// deletesPctAllowed): the one reclaiming the most deleted documents first, together with the other over-the-bound
/// segments of its tier and then its tier's smallest segments, as long as the merged live count stays within the
/// candidate's stored count (the rewrite fills the space it frees, so it costs no more than a rewrite of the candidate
/// alone would produce, and the segment count drops). A segment above <see cref="MaxMergedDocs"/> is rewritten alone.
/// </para>
/// The policy is a pure function of its inputs, so it is tested without a writer.
/// </summary>
public sealed record TieredMergePolicy
{
    private readonly int _segmentsPerTier = 10;
    private readonly int _floorDocs = 1000;
    private readonly int _maxMergedDocs = 5_000_000;
    private readonly double _deletesPctAllowed = 20;

    /// <summary>Segments per tier before a merge is triggered (also the most merged at once); at least 2.</summary>
    public int SegmentsPerTier
    {
        get => _segmentsPerTier;
        init => _segmentsPerTier = value >= 2 ? value : throw new ArgumentOutOfRangeException(nameof(SegmentsPerTier), value, "must be at least 2");
    }

    /// <summary>Segments smaller than this count as this size (so tiny flushes share a tier); at least 1.</summary>
    public int FloorDocs
    {
        get => _floorDocs;
        init => _floorDocs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(FloorDocs), value, "must be at least 1");
    }

    /// <summary>Segments with more live docs are never merged with others by the policy, only rewritten alone to
    /// reclaim deletes (ForceMerge ignores this); at least 1.</summary>
    public int MaxMergedDocs
    {
        get => _maxMergedDocs;
        init => _maxMergedDocs = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxMergedDocs), value, "must be at least 1");
    }

    /// <summary>A segment with a larger share of deleted documents (percent, 5–50; default 20) is rewritten even when
    /// its tier is not full. Lower values reclaim sooner and rewrite more.</summary>
    public double DeletesPctAllowed
    {
        get => _deletesPctAllowed;
        init => _deletesPctAllowed = value is >= 5 and <= 50 ? value
            : throw new ArgumentOutOfRangeException(nameof(DeletesPctAllowed), value, "must be between 5 and 50 (percent)");
    }

    /// <summary>Picks segment indexes (into <paramref name="segments"/>, ascending) to merge, or null when none is
    /// needed. Segments in <paramref name="busy"/> (already merging) are not considered.</summary>
    public int[]? FindMerge(IReadOnlyList<SegmentSize> segments, ISet<int> busy)
    {
        var tierOf = new int[segments.Count];
        var tiers = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < segments.Count; i++)
        {
            tierOf[i] = -1;
            if (busy.Contains(i) || segments[i].LiveCount > MaxMergedDocs)
                continue;
            tierOf[i] = Tier(segments[i].LiveCount);
            if (!tiers.TryGetValue(tierOf[i], out var list))
                tiers[tierOf[i]] = list = new List<int>();
            list.Add(i);
        }
        foreach (var list in tiers.Values)
        {
            if (list.Count < SegmentsPerTier)
                continue;
            SortBySize(list, segments);
            return Ascending(list.GetRange(0, SegmentsPerTier));
        }
        return FindDeletesMerge(segments, busy, tierOf, tiers);
    }

    private int[]? FindDeletesMerge(IReadOnlyList<SegmentSize> segments, ISet<int> busy, int[] tierOf, SortedDictionary<int, List<int>> tiers)
    {
        int best = -1;
        for (int i = 0; i < segments.Count; i++)
        {
            // A segment with no live documents is dropped at commit; rewriting it would produce nothing.
            if (busy.Contains(i) || !OverDeletesBound(segments[i]) || segments[i].LiveCount == 0)
                continue;
            if (best < 0 || segments[i].DeletedCount > segments[best].DeletedCount)
                best = i;
        }
        if (best < 0)
            return null;
        if (tierOf[best] < 0)
            return [best]; // above MaxMergedDocs: rewritten alone
        var pick = new List<int> { best };
        long live = segments[best].LiveCount;
        long budget = segments[best].DocCount;
        // Other over-the-bound segments of the tier first (most reclaimed first), then the tier's smallest.
        var mates = new List<int>(tiers[tierOf[best]]);
        mates.Remove(best);
        mates.Sort((a, b) =>
        {
            bool oa = OverDeletesBound(segments[a]), ob = OverDeletesBound(segments[b]);
            if (oa != ob) return oa ? -1 : 1;
            if (oa) return segments[b].DeletedCount != segments[a].DeletedCount
                ? segments[b].DeletedCount.CompareTo(segments[a].DeletedCount) : a.CompareTo(b);
            return segments[a].LiveCount != segments[b].LiveCount ? segments[a].LiveCount.CompareTo(segments[b].LiveCount) : a.CompareTo(b);
        });
        foreach (var m in mates)
        {
            if (pick.Count == SegmentsPerTier)
                break;
            if (live + segments[m].LiveCount > budget || live + segments[m].LiveCount > MaxMergedDocs)
                continue;
            pick.Add(m);
            live += segments[m].LiveCount;
        }
        return Ascending(pick);
    }

    /// <summary>
    /// The merges of <see cref="IndexWriter.ForceMergeDeletes"/>: every segment whose deleted share exceeds
    /// <paramref name="deletesPctAllowed"/> (0–100; 0 = any deletion) is rewritten; neighbouring such segments (in
    /// index order) share a merge while it has at most <see cref="SegmentsPerTier"/> sources and
    /// <see cref="MaxMergedDocs"/> live docs. Returns the groups (ascending indexes), empty when nothing qualifies.
    /// </summary>
    public List<int[]> FindForcedDeletesMerges(IReadOnlyList<SegmentSize> segments, double deletesPctAllowed)
    {
        if (deletesPctAllowed is < 0 or > 100 || double.IsNaN(deletesPctAllowed))
            throw new ArgumentOutOfRangeException(nameof(deletesPctAllowed), deletesPctAllowed, "must be between 0 and 100 (percent)");
        var groups = new List<int[]>();
        var current = new List<int>();
        long live = 0;
        for (int i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.DeletedCount == 0 || s.DeletedPct <= deletesPctAllowed || s.LiveCount == 0)
                continue;
            if (current.Count > 0 && (current.Count == SegmentsPerTier || live + s.LiveCount > MaxMergedDocs))
            {
                groups.Add(current.ToArray());
                current.Clear();
                live = 0;
            }
            current.Add(i);
            live += s.LiveCount;
        }
        if (current.Count > 0)
            groups.Add(current.ToArray());
        return groups;
    }

    private bool OverDeletesBound(SegmentSize s) => s.DeletedCount > 0 && s.DeletedPct > DeletesPctAllowed;

    private int Tier(int liveCount)
    {
        double size = Math.Max(liveCount, FloorDocs);
        return (int)Math.Floor(Math.Log(size / FloorDocs, SegmentsPerTier) + 1e-9);
    }

    private static void SortBySize(List<int> list, IReadOnlyList<SegmentSize> segments) =>
        list.Sort((a, b) => segments[a].LiveCount != segments[b].LiveCount ? segments[a].LiveCount.CompareTo(segments[b].LiveCount) : a.CompareTo(b));

    private static int[] Ascending(List<int> pick)
    {
        pick.Sort();
        return pick.ToArray();
    }
}

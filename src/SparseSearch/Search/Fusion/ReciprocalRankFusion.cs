namespace SparseSearch.Search.Fusion;

/// <summary>
/// Reciprocal rank fusion: fused(d) = Σ_r w_r / (k + rank_r(d)), summed over the retrievers that list d.
/// <list type="bullet">
/// <item>rank_r is d's 1-based rank in retriever r's whole candidate list ordered by score descending, ties by doc id
/// descending (trec_eval's order), so it does not depend on the order the list was handed in.</item>
/// <item>A retriever that did not list d adds nothing: ranks outside a list are unknown, so exact-score providers
/// play no part here.</item>
/// <item>Results are ordered by fused score descending, ties by doc id descending, and cut at <c>depth</c>.</item>
/// </list>
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The customary constant k = 60 (Cormack et al. 2009).</summary>
    public const int DefaultK = 60;

    /// <summary>Fuses the retrievers' lists by reciprocal rank.</summary>
    public static List<FusedHit> Fuse(IReadOnlyList<RetrieverResults> retrievers, int k = DefaultK, int depth = int.MaxValue)
    {
        if (k < 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "The RRF constant must be non-negative.");
        var union = new CandidateUnion(retrievers);
        var fused = new double[union.Count];

        for (int r = 0; r < retrievers.Count; r++)
        {
            var ranked = new (string DocId, float Score)[retrievers[r].Candidates.Count];
            for (int i = 0; i < ranked.Length; i++)
                ranked[i] = retrievers[r].Candidates[i];
            Array.Sort(ranked, static (a, b) =>
            {
                int c = b.Score.CompareTo(a.Score);
                return c != 0 ? c : string.CompareOrdinal(b.DocId, a.DocId);
            });
            double w = retrievers[r].Weight;
            for (int i = 0; i < ranked.Length; i++)
                fused[union.SlotOf(ranked[i].DocId)] += w / (k + i + 1);
        }

        var hits = new List<FusedHit>(union.Count);
        for (int s = 0; s < union.Count; s++)
            hits.Add(new FusedHit(union.DocIds[s], (float)fused[s], union.ScoresOf(s)));
        return FusedOrder.SortAndCut(hits, depth);
    }

    /// <summary>Two-list convenience (dense, sparse) with equal weights.</summary>
    public static List<FusedHit> Fuse(
        IReadOnlyList<(string DocId, float Score)> dense,
        IReadOnlyList<(string DocId, float Score)> sparse,
        int k = DefaultK,
        int depth = int.MaxValue) =>
        Fuse([new RetrieverResults("dense", dense), new RetrieverResults("sparse", sparse)], k, depth);
}

namespace SparseSearch.Search.Fusion;

/// <summary>
/// Convex combination of normalised scores: fused(d) = Σ_r w_r · norm_r(score_r(d)).
/// <list type="bullet">
/// <item>Each retriever's normalisation is fitted to its own candidate list (<see cref="ScoreNormalization"/>).</item>
/// <item>A document a retriever did not list takes its exact raw score from that retriever's
/// <see cref="ExactScoreProvider"/> when there is one, normalised with the same list parameters (so it may fall below
/// the list's own range; it is not clamped). Without a provider, or when the provider does not know the document,
/// it counts 0 under min-max, which is how the reference hybrids treated missing documents, and the normalised
/// score of the list's worst candidate under z-score or no normalisation (0 would be the list's mean there).</item>
/// <item>Results are ordered by fused score (rounded to float) descending, ties by doc id descending (trec_eval's
/// order), and cut at <c>depth</c>.</item>
/// </list>
/// </summary>
public static class ConvexFusion
{
    /// <summary>Fuses any number of retrievers with their own weights (used as given, not renormalised).</summary>
    public static List<FusedHit> Fuse(IReadOnlyList<RetrieverResults> retrievers, ScoreNormalization normalization = ScoreNormalization.MinMax, int depth = int.MaxValue)
    {
        var union = new CandidateUnion(retrievers);
        var normalizers = new Normalizer[retrievers.Count];
        for (int r = 0; r < retrievers.Count; r++)
            normalizers[r] = Normalizer.Fit(retrievers[r].Candidates, normalization);

        var hits = new List<FusedHit>(union.Count);
        for (int slot = 0; slot < union.Count; slot++)
        {
            string doc = union.DocIds[slot];
            var rawMemory = union.ScoresOf(slot);
            var raw = rawMemory.Span;
            double fused = 0;
            for (int r = 0; r < raw.Length; r++)
            {
                if (float.IsNaN(raw[r]) && retrievers[r].ExactScore is { } provider && provider(doc) is float exact)
                {
                    if (!float.IsFinite(exact))
                        throw new InvalidOperationException($"Retriever {retrievers[r].Name}: the exact score of {doc} is {exact}.");
                    raw[r] = exact;
                }
                double norm = float.IsNaN(raw[r]) ? normalizers[r].ListMinimum : normalizers[r].Apply(raw[r]);
                fused += retrievers[r].Weight * norm;
            }
            hits.Add(new FusedHit(doc, (float)fused, rawMemory));
        }
        return FusedOrder.SortAndCut(hits, depth);
    }

    /// <summary>
    /// The usual dense + sparse hybrid: α · norm(dense) + (1 − α) · norm(sparse), α in [0, 1]
    /// (α = 1 is dense alone, α = 0 sparse alone). Retriever scores in the hits are (dense, sparse).
    /// </summary>
    public static List<FusedHit> FuseHybrid(
        IReadOnlyList<(string DocId, float Score)> dense,
        IReadOnlyList<(string DocId, float Score)> sparse,
        double alpha,
        ScoreNormalization normalization = ScoreNormalization.MinMax,
        int depth = int.MaxValue,
        ExactScoreProvider? denseExact = null,
        ExactScoreProvider? sparseExact = null)
    {
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be in [0, 1] (the weight of the dense side).");
        return Fuse(
            [new RetrieverResults("dense", dense, alpha, denseExact), new RetrieverResults("sparse", sparse, 1 - alpha, sparseExact)],
            normalization, depth);
    }
}

using SparseSearch.Search.Fusion;
using Xunit;

namespace SparseSearch.Tests.Fusion;

/// <summary>Hand-computed cases for convex (min-max, z-score) and reciprocal-rank fusion.</summary>
public sealed class FusionTests
{
    private static readonly (string DocId, float Score)[] Dense = [("a", 0.9f), ("b", 0.5f), ("c", 0.1f)];
    private static readonly (string DocId, float Score)[] Sparse = [("b", 20f), ("d", 10f), ("a", 0f)];

    private static Dictionary<string, float> Scores(List<FusedHit> hits) => hits.ToDictionary(h => h.DocId, h => h.Score);

    [Fact]
    public void MinMaxHybridWithMissingCountingZero()
    {
        var hits = ConvexFusion.FuseHybrid(Dense, Sparse, 0.5);
        var s = Scores(hits);
        // dense norm: a 1, b 0.5, c 0; sparse norm: b 1, d 0.5, a 0; missing = 0.
        Assert.Equal(0.5f, s["a"], 6);
        Assert.Equal(0.75f, s["b"], 6);
        Assert.Equal(0f, s["c"], 6);
        Assert.Equal(0.25f, s["d"], 6);
        Assert.Equal(new[] { "b", "a", "d", "c" }, hits.Select(h => h.DocId));
        Assert.True(float.IsNaN(hits.Single(h => h.DocId == "d").RetrieverScores.Span[0]));
        Assert.Equal(10f, hits.Single(h => h.DocId == "d").RetrieverScores.Span[1]);
    }

    [Fact]
    public void AlphaOneIsDenseAloneAndAlphaZeroSparseAlone()
    {
        Assert.Equal(new[] { "a", "b" }, ConvexFusion.FuseHybrid(Dense, Sparse, 1.0, depth: 2).Select(h => h.DocId));
        Assert.Equal(new[] { "b", "d" }, ConvexFusion.FuseHybrid(Dense, Sparse, 0.0, depth: 2).Select(h => h.DocId));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConvexFusion.FuseHybrid(Dense, Sparse, 1.5));
    }

    [Fact]
    public void ExactScoreProviderFillsMissingScoresBeforeNormalisation()
    {
        var denseExact = new Dictionary<string, float> { ["d"] = 0.3f };
        var sparseExact = new Dictionary<string, float> { ["c"] = -5f };
        var hits = ConvexFusion.FuseHybrid(Dense, Sparse, 0.5,
            denseExact: id => denseExact.TryGetValue(id, out var v) ? v : null,
            sparseExact: id => sparseExact.TryGetValue(id, out var v) ? v : null);
        var s = Scores(hits);
        // d: dense (0.3 - 0.1) / 0.8 = 0.25 → 0.5·0.25 + 0.5·0.5; c: sparse (−5 − 0) / 20 = −0.25, not clamped.
        Assert.Equal(0.375f, s["d"], 6);
        Assert.Equal(-0.125f, s["c"], 6);
        Assert.Equal(0.3f, hits.Single(h => h.DocId == "d").RetrieverScores.Span[0]);
        Assert.Equal(-5f, hits.Single(h => h.DocId == "c").RetrieverScores.Span[1]);
    }

    [Fact]
    public void ZScoreNormalisesByMeanAndPopulationDeviation()
    {
        var hits = ConvexFusion.Fuse([new RetrieverResults("one", Dense)], ScoreNormalization.ZScore);
        double mean = 0.5, std = Math.Sqrt((0.16 + 0 + 0.16) / 3);
        var s = Scores(hits);
        Assert.Equal((0.9 - mean) / std, s["a"], 5);
        Assert.Equal((0.1 - mean) / std, s["c"], 5);
        // Missing without a provider takes the list's worst normalised score (0 under min-max, as the reference).
        var two = Scores(ConvexFusion.Fuse([new RetrieverResults("dense", Dense), new RetrieverResults("sparse", Sparse)], ScoreNormalization.ZScore));
        double sparseMean = 10, sparseStd = Math.Sqrt((100 + 0 + 100) / 3.0);
        Assert.Equal((0.1 - mean) / std + (0 - sparseMean) / sparseStd, two["c"], 4);
    }

    [Fact]
    public void PerRetrieverWeightsAndConstantLists()
    {
        var bm25 = new (string, float)[] { ("a", 7f), ("e", 7f) };
        var hits = ConvexFusion.Fuse(
        [
            new RetrieverResults("dense", Dense, 1),
            new RetrieverResults("sparse", Sparse, 2),
            new RetrieverResults("bm25", bm25, 0.5),
        ]);
        var s = Scores(hits);
        // bm25 is constant: both its docs normalise to 1; b, missing from it, counts 0 there.
        Assert.Equal(1 * 1 + 2 * 0 + 0.5f * 1, s["a"], 6);
        Assert.Equal(0.5f, s["e"], 6);
        Assert.Equal(2 * 1 + 1 * 0.5f, s["b"], 6);
    }

    [Fact]
    public void TiesBreakByDocIdDescending()
    {
        var hits = ConvexFusion.Fuse([new RetrieverResults("x", [("m", 1f), ("z", 1f), ("a", 1f)])]);
        Assert.Equal(new[] { "z", "m", "a" }, hits.Select(h => h.DocId));
    }

    [Fact]
    public void ReciprocalRankFusionSumsOneOverKPlusRank()
    {
        var hits = ReciprocalRankFusion.Fuse(Dense, Sparse);
        var s = Scores(hits);
        Assert.Equal(1.0 / 61 + 1.0 / 63, s["a"], 7);
        Assert.Equal(1.0 / 62 + 1.0 / 61, s["b"], 7);
        Assert.Equal(1.0 / 63, s["c"], 7);
        Assert.Equal(1.0 / 62, s["d"], 7);
        Assert.Equal(new[] { "b", "a", "c", "d" }.OrderByDescending(d => s[d]).ThenByDescending(d => d, StringComparer.Ordinal), hits.Select(h => h.DocId));
    }

    [Fact]
    public void RrfRanksEachListByScoreNotByInputOrder()
    {
        var shuffled = new (string, float)[] { ("c", 0.1f), ("a", 0.9f), ("b", 0.5f) };
        Assert.Equal(Scores(ReciprocalRankFusion.Fuse(Dense, Sparse)), Scores(ReciprocalRankFusion.Fuse(shuffled, Sparse)));
    }

    [Fact]
    public void BadInputIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ConvexFusion.Fuse([new RetrieverResults("x", [("a", 1f), ("a", 2f)])]));
        Assert.Throws<ArgumentException>(() => new RetrieverResults("x", [("a", float.NaN)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrieverResults("x", Dense, -1));
        Assert.Throws<ArgumentException>(() => ConvexFusion.Fuse([]));
        Assert.Empty(ConvexFusion.FuseHybrid([], [], 0.5));
    }
}

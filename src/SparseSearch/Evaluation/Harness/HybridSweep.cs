using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Search.Fusion;

namespace SparseSearch.Evaluation.Harness;

/// <summary>One setting of a sweep: a convex fusion at some α, or RRF (no α).</summary>
/// <param name="Label">E.g. <c>α 0.3</c> or <c>RRF k 60</c>.</param>
/// <param name="Alpha">The dense weight, null for RRF.</param>
/// <param name="Result">Its evaluation.</param>
public sealed record SweepPoint(string Label, double? Alpha, EvaluationResult Result);

/// <summary>A whole sweep.</summary>
/// <param name="Settings">Dataset, models and labels (mode is <c>hybrid</c>).</param>
/// <param name="Normalization">The convex fusion's normalisation.</param>
/// <param name="Points">Convex fusion points by increasing α.</param>
/// <param name="Rrf">The RRF point.</param>
public sealed record SweepOutcome(EvaluationSettings Settings, ScoreNormalization Normalization, IReadOnlyList<SweepPoint> Points, SweepPoint Rrf)
{
    /// <summary>The α point with the best mean of <paramref name="metric"/> (the smallest α on ties).</summary>
    public SweepPoint Best(Metric metric)
    {
        SweepPoint best = Points[0];
        foreach (var p in Points)
            if (p.Result.Mean(metric) > best.Result.Mean(metric))
                best = p;
        return best;
    }
}

/// <summary>
/// <c>eval sweep</c>: fetches each query's dense and sparse candidate lists once, then fuses them at every α
/// (α·dense + (1 − α)·sparse) and with RRF, and evaluates each setting. Only fusion is repeated, so a sweep costs one
/// retrieval pass.
/// </summary>
public static class HybridSweep
{
    /// <summary>α from 0 to 1 in steps of 0.1.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>Runs the sweep.</summary>
    /// <param name="queries">Queries to run.</param>
    /// <param name="qrels">Judgments.</param>
    /// <param name="dense">The dense retriever (candidate depth is its own).</param>
    /// <param name="sparse">The sparse-side retriever.</param>
    /// <param name="settings">Depth, measures, labels.</param>
    /// <param name="alphas">α values (default 0, 0.1, …, 1).</param>
    /// <param name="normalization">Convex fusion normalisation.</param>
    /// <param name="exactScores">Optionally, per query, exact-score providers for the dense and sparse side.</param>
    public static SweepOutcome Run(
        IReadOnlyList<BeirQuery> queries, Qrels qrels, Retriever dense, Retriever sparse, EvaluationSettings settings,
        IReadOnlyList<double>? alphas = null, ScoreNormalization normalization = ScoreNormalization.MinMax,
        Func<BeirQuery, (ExactScoreProvider? Dense, ExactScoreProvider? Sparse)>? exactScores = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(sparse);
        alphas ??= DefaultAlphas;
        var lists = new (IReadOnlyList<(string DocId, float Score)> Dense, IReadOnlyList<(string DocId, float Score)> Sparse, ExactScoreProvider? DenseExact, ExactScoreProvider? SparseExact)[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            var providers = exactScores?.Invoke(queries[i]) ?? (null, null);
            lists[i] = (dense(queries[i]), sparse(queries[i]), providers.Dense, providers.Sparse);
        }
        var evaluator = new TrecEvaluator(qrels, settings.Metrics, settings.IgnoreIdenticalIds);

        var points = new List<SweepPoint>(alphas.Count);
        var sorted = new List<double>(alphas);
        sorted.Sort();
        foreach (double alpha in sorted)
        {
            var run = new TrecRun("sweep");
            for (int i = 0; i < queries.Count; i++)
            {
                var l = lists[i];
                run.AddResults(queries[i].Id, FusedHits.ToCandidates(ConvexFusion.FuseHybrid(l.Dense, l.Sparse, alpha, normalization, settings.Depth, l.DenseExact, l.SparseExact)));
            }
            points.Add(new SweepPoint($"α {alpha:0.###}", alpha, evaluator.Evaluate(run)));
        }
        var rrfRun = new TrecRun("rrf");
        for (int i = 0; i < queries.Count; i++)
            rrfRun.AddResults(queries[i].Id, FusedHits.ToCandidates(ReciprocalRankFusion.Fuse(lists[i].Dense, lists[i].Sparse, ReciprocalRankFusion.DefaultK, settings.Depth)));
        var rrf = new SweepPoint($"RRF k {ReciprocalRankFusion.DefaultK}", null, evaluator.Evaluate(rrfRun));
        return new SweepOutcome(settings, normalization, points, rrf);
    }

}

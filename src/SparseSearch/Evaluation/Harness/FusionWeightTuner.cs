using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Search.Fusion;

namespace SparseSearch.Evaluation.Harness;

/// <summary>One retriever's candidate lists for a set of queries, as input to <see cref="FusionWeightTuner"/>.</summary>
/// <param name="Name">Retriever label, e.g. <c>bm25</c>, <c>sparse</c>, <c>dense</c>.</param>
/// <param name="ByQuery">Candidates per query id (a query absent here has an empty list).</param>
public sealed record RetrieverRun(string Name, IReadOnlyDictionary<string, IReadOnlyList<(string DocId, float Score)>> ByQuery);

/// <summary>One evaluated weight vector.</summary>
/// <param name="Weights">One weight per retriever, summing to 1.</param>
/// <param name="Score">Mean of the tuning measure.</param>
public sealed record WeightPoint(double[] Weights, double Score);

/// <summary>The outcome of a weight search.</summary>
/// <param name="Retrievers">Retriever names, aligned with the weights.</param>
/// <param name="Metric">The measure maximised.</param>
/// <param name="Best">The best point (the first in grid order on ties).</param>
/// <param name="Grid">Every point evaluated, in grid order.</param>
public sealed record WeightTuning(IReadOnlyList<string> Retrievers, Metric Metric, WeightPoint Best, IReadOnlyList<WeightPoint> Grid);

/// <summary>
/// Chooses convex-fusion weights by grid search over the simplex (every weight a multiple of 1/<c>steps</c>, summing
/// to 1) on one split's queries and qrels, e.g. SciFact train, so the weights can then be applied to a test split
/// that played no part in choosing them. Candidate lists are fetched once by the caller; only fusion is repeated.
/// </summary>
public static class FusionWeightTuner
{
    /// <summary>Searches the grid and returns every point with the best one.</summary>
    /// <param name="retrievers">Candidate lists per retriever (2 or more).</param>
    /// <param name="qrels">Judgments of the tuning split; its queries are the ones fused and averaged.</param>
    /// <param name="steps">Grid resolution: weights are multiples of 1/steps (10 gives 0.1; 3 retrievers → 66 points).</param>
    /// <param name="metric">The measure maximised (default nDCG@10).</param>
    /// <param name="normalization">Score normalisation of the fusion.</param>
    /// <param name="depth">Fused list depth.</param>
    public static WeightTuning Tune(IReadOnlyList<RetrieverRun> retrievers, Qrels qrels, int steps = 10, Metric? metric = null,
        ScoreNormalization normalization = ScoreNormalization.MinMax, int depth = 1000)
    {
        ArgumentNullException.ThrowIfNull(retrievers);
        ArgumentNullException.ThrowIfNull(qrels);
        if (retrievers.Count < 2)
            throw new ArgumentException("Weight tuning needs at least two retrievers.", nameof(retrievers));
        if (steps <= 0)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be positive.");
        var measure = metric ?? Metric.Ndcg10;
        var evaluator = new TrecEvaluator(qrels, [measure]);
        var empty = Array.Empty<(string DocId, float Score)>();

        var grid = new List<WeightPoint>();
        WeightPoint? best = null;
        foreach (var counts in Compositions(steps, retrievers.Count))
        {
            var weights = new double[counts.Length];
            for (int r = 0; r < counts.Length; r++)
                weights[r] = (double)counts[r] / steps;
            var run = new TrecRun("tuning");
            var inputs = new RetrieverResults[retrievers.Count];
            foreach (var qid in qrels.QueryIds)
            {
                for (int r = 0; r < retrievers.Count; r++)
                    inputs[r] = new RetrieverResults(retrievers[r].Name,
                        retrievers[r].ByQuery.TryGetValue(qid, out var list) ? list : empty, weights[r]);
                run.AddResults(qid, FusedHits.ToCandidates(ConvexFusion.Fuse(inputs, normalization, depth)));
            }
            var point = new WeightPoint(weights, evaluator.Evaluate(run).Mean(measure));
            grid.Add(point);
            if (best is null || point.Score > best.Score)
                best = point;
        }
        var names = new string[retrievers.Count];
        for (int r = 0; r < names.Length; r++)
            names[r] = retrievers[r].Name;
        return new WeightTuning(names, measure, best!, grid);
    }

    /// <summary>All ways to write <paramref name="total"/> as an ordered sum of <paramref name="parts"/> non-negative integers.</summary>
    private static IEnumerable<int[]> Compositions(int total, int parts)
    {
        var current = new int[parts];
        return Recurse(0, total);

        IEnumerable<int[]> Recurse(int index, int remaining)
        {
            if (index == parts - 1)
            {
                current[index] = remaining;
                yield return (int[])current.Clone();
                yield break;
            }
            for (int v = remaining; v >= 0; v--)
            {
                current[index] = v;
                foreach (var c in Recurse(index + 1, remaining - v))
                    yield return c;
            }
        }
    }
}

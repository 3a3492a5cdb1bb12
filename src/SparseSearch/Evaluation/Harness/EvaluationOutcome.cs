using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;

namespace SparseSearch.Evaluation.Harness;

/// <summary>Latency of the retriever over an evaluation, per query.</summary>
/// <param name="TotalSeconds">Wall time of all queries.</param>
/// <param name="MeanMs">Mean per-query latency.</param>
/// <param name="P50Ms">Median per-query latency (nearest rank).</param>
/// <param name="P95Ms">95th percentile per-query latency (nearest rank).</param>
/// <param name="QueriesPerSecond">Throughput.</param>
public sealed record EvaluationTiming(double TotalSeconds, double MeanMs, double P50Ms, double P95Ms, double QueriesPerSecond)
{
    /// <summary>Summarises per-query latencies in milliseconds.</summary>
    public static EvaluationTiming FromLatencies(double[] latenciesMs, double totalSeconds)
    {
        if (latenciesMs.Length == 0)
            return new EvaluationTiming(totalSeconds, 0, 0, 0, 0);
        var sorted = (double[])latenciesMs.Clone();
        Array.Sort(sorted);
        double sum = 0;
        foreach (var v in sorted)
            sum += v;
        return new EvaluationTiming(totalSeconds, sum / sorted.Length, NearestRank(sorted, 0.50), NearestRank(sorted, 0.95),
            totalSeconds > 0 ? sorted.Length / totalSeconds : 0);
    }

    private static double NearestRank(double[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Everything one evaluation produced: the run, its measures and the retriever's timing.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="Run">The retrieved lists, cut at the depth.</param>
/// <param name="Result">Per-query measures and means over the judged queries.</param>
/// <param name="Timing">Retriever latency.</param>
public sealed record EvaluationOutcome(EvaluationSettings Settings, TrecRun Run, EvaluationResult Result, EvaluationTiming Timing);

using System.Diagnostics;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;

namespace SparseSearch.Evaluation.Harness;

/// <summary>A retriever under evaluation: the ranked (external doc id, score) list for one query, best first or in any order.</summary>
public delegate IReadOnlyList<(string DocId, float Score)> Retriever(BeirQuery query);

/// <summary>
/// Runs a retriever over every judged query, keeps the top <see cref="EvaluationSettings.Depth"/> of each list
/// (trec_eval order), times each call, and evaluates the run with <see cref="TrecEvaluator"/>. The CLI's
/// <c>eval</c> command is this plus an index-backed retriever and <see cref="EvaluationOutputs.WriteAll"/>.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates the retriever on a loaded BEIR dataset's split.</summary>
    public static EvaluationOutcome Run(BeirDataset dataset, Retriever retriever, EvaluationSettings settings, IProgress<int>? progress = null) =>
        Run(dataset.Queries, dataset.Qrels, retriever, settings, progress);

    /// <summary>Evaluates the retriever on the given queries (each judged query should be among them; one that is not counts 0).</summary>
    /// <param name="queries">The queries to run, in order.</param>
    /// <param name="qrels">Judgments; the means are over its queries.</param>
    /// <param name="retriever">Returns the candidates of one query; a document may appear once.</param>
    /// <param name="settings">Depth, measures and labels.</param>
    /// <param name="progress">Receives the number of queries done after each query.</param>
    public static EvaluationOutcome Run(IReadOnlyList<BeirQuery> queries, Qrels qrels, Retriever retriever, EvaluationSettings settings, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Depth <= 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Depth, "The run depth must be positive.");

        var run = new TrecRun(settings.RunTag);
        var latencies = new double[queries.Count];
        var total = Stopwatch.StartNew();
        for (int i = 0; i < queries.Count; i++)
        {
            var q = queries[i];
            long t0 = Stopwatch.GetTimestamp();
            var hits = retriever(q) ?? throw new InvalidOperationException($"The retriever returned null for query {q.Id}.");
            latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            try
            {
                run.AddResults(q.Id, Cut(hits, settings.Depth));
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"The retriever's results for query {q.Id} are invalid: {e.Message}", e);
            }
            progress?.Report(i + 1);
        }
        total.Stop();
        var result = new TrecEvaluator(qrels, settings.Metrics, settings.IgnoreIdenticalIds).Evaluate(run);
        return new EvaluationOutcome(settings, run, result, EvaluationTiming.FromLatencies(latencies, total.Elapsed.TotalSeconds));
    }

    /// <summary>The best <paramref name="depth"/> hits in trec_eval order (the order the run will be evaluated in).</summary>
    internal static IReadOnlyList<(string DocId, float Score)> Cut(IReadOnlyList<(string DocId, float Score)> hits, int depth)
    {
        var seen = new HashSet<string>(hits.Count, StringComparer.Ordinal);
        for (int i = 0; i < hits.Count; i++)
            if (!seen.Add(hits[i].DocId))
                throw new ArgumentException($"document {hits[i].DocId} is returned twice");
        if (hits.Count <= depth)
            return hits;
        var entries = new RunEntry[hits.Count];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = new RunEntry(hits[i].DocId, hits[i].Score);
        TrecOrder.Sort(entries);
        var cut = new (string DocId, float Score)[depth];
        for (int i = 0; i < depth; i++)
            cut[i] = (entries[i].DocId, (float)entries[i].Score);
        return cut;
    }
}

using SparseSearch.Evaluation.Runs;

namespace SparseSearch.Evaluation.Metrics;

/// <summary>
/// Computes measures with trec_eval's semantics (checked against pytrec_eval's figures on real runs):
/// <list type="bullet">
/// <item>each query's documents are ranked by score descending, ties by doc id descending (<see cref="TrecOrder"/>);
/// the run's own rank column plays no part;</item>
/// <item>relevant means grade &gt; 0; nDCG's gain is the grade itself, with discount log2(rank + 1), and its ideal
/// ranking is the query's positive grades in descending order (cut at k like the run);</item>
/// <item>every judged query counts in the means, 0 when the run has nothing for it (trec_eval -c); queries that
/// are not judged are ignored;</item>
/// <item>a retrieved document whose id equals the query id is dropped before ranking (BEIR's
/// <c>ignore_identical_ids</c>; can be turned off).</item>
/// </list>
/// </summary>
public sealed class TrecEvaluator
{
    private readonly Qrels _qrels;
    private readonly Metric[] _metrics;

    /// <summary>Creates an evaluator for these judgments and measures.</summary>
    public TrecEvaluator(Qrels qrels, IReadOnlyList<Metric>? metrics = null, bool ignoreIdenticalIds = true)
    {
        _qrels = qrels ?? throw new ArgumentNullException(nameof(qrels));
        _metrics = [.. metrics ?? Metric.Standard];
        foreach (var m in _metrics)
            if (m.Cutoff <= 0)
                throw new ArgumentException($"Metric {m.Kind} needs a positive cutoff, got {m.Cutoff}.", nameof(metrics));
        IgnoreIdenticalIds = ignoreIdenticalIds;
    }

    /// <summary>Whether documents with the query's own id are dropped.</summary>
    public bool IgnoreIdenticalIds { get; }

    /// <summary>The measures computed.</summary>
    public IReadOnlyList<Metric> Metrics => _metrics;

    /// <summary>Evaluates a whole run.</summary>
    public EvaluationResult Evaluate(TrecRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var queryIds = _qrels.QueryIds;
        var values = new double[_metrics.Length][];
        for (int m = 0; m < values.Length; m++)
            values[m] = new double[queryIds.Count];
        var counts = new QueryCounts[queryIds.Count];
        var scratch = new double[_metrics.Length];
        for (int q = 0; q < queryIds.Count; q++)
        {
            counts[q] = EvaluateQuery(queryIds[q], run.For(queryIds[q]), scratch);
            for (int m = 0; m < scratch.Length; m++)
                values[m][q] = scratch[m];
        }
        int unjudged = 0;
        foreach (var qid in run.QueryIds)
            if (!_qrels.Contains(qid))
                unjudged++;
        return new EvaluationResult(_metrics, queryIds, values, counts, unjudged);
    }

    /// <summary>
    /// Evaluates one query's retrieved documents (any order; they are ranked here) into <paramref name="values"/>,
    /// one slot per measure in <see cref="Metrics"/> order. A query without judgments gets all zeros.
    /// </summary>
    /// <exception cref="ArgumentException">A document appears twice (trec_eval refuses such runs).</exception>
    public QueryCounts EvaluateQuery(string queryId, IReadOnlyList<RunEntry> retrieved, Span<double> values)
    {
        ArgumentNullException.ThrowIfNull(queryId);
        ArgumentNullException.ThrowIfNull(retrieved);
        if (values.Length < _metrics.Length)
            throw new ArgumentException($"Need room for {_metrics.Length} values.", nameof(values));
        var judged = _qrels.For(queryId);

        var ranked = new RunEntry[retrieved.Count];
        var seen = new HashSet<string>(retrieved.Count, StringComparer.Ordinal);
        int n = 0;
        for (int i = 0; i < retrieved.Count; i++)
        {
            var e = retrieved[i];
            if (!seen.Add(e.DocId))
                throw new ArgumentException($"Query {queryId}: document {e.DocId} is retrieved twice (trec_eval rejects duplicate docs).", nameof(retrieved));
            if (IgnoreIdenticalIds && string.Equals(e.DocId, queryId, StringComparison.Ordinal))
                continue;
            ranked[n++] = e;
        }
        Array.Resize(ref ranked, n);
        TrecOrder.Sort(ranked);

        // Grades in rank order and the ideal gains; the measure loops below then run over plain int arrays.
        var grades = new int[n];
        int relRet = 0;
        for (int i = 0; i < n; i++)
        {
            grades[i] = judged.TryGetValue(ranked[i].DocId, out int g) ? g : 0;
            if (grades[i] > 0)
                relRet++;
        }
        var ideal = IdealGains(judged);
        int numRel = ideal.Length;

        for (int m = 0; m < _metrics.Length; m++)
            values[m] = Compute(_metrics[m], grades, ideal, numRel);
        return new QueryCounts(n, numRel, relRet);
    }

    private static double Compute(Metric metric, int[] grades, int[] ideal, int numRel)
    {
        int k = metric.Cutoff;
        int top = Math.Min(k, grades.Length);
        switch (metric.Kind)
        {
            case MetricKind.Ndcg:
            {
                double dcg = Dcg(grades, top);
                double idcg = Dcg(ideal, Math.Min(k, ideal.Length));
                return idcg > 0 ? dcg / idcg : 0;
            }
            case MetricKind.Recall:
                return numRel == 0 ? 0 : (double)CountRelevant(grades, top) / numRel;
            case MetricKind.Precision:
                return (double)CountRelevant(grades, top) / k;
            case MetricKind.ReciprocalRank:
                for (int i = 0; i < top; i++)
                    if (grades[i] > 0)
                        return 1.0 / (i + 1);
                return 0;
            case MetricKind.AveragePrecision:
            {
                if (numRel == 0)
                    return 0;
                double sum = 0;
                int relSoFar = 0;
                for (int i = 0; i < top; i++)
                {
                    if (grades[i] > 0)
                    {
                        relSoFar++;
                        sum += (double)relSoFar / (i + 1);
                    }
                }
                return sum / numRel;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric.Kind, "Unknown metric kind.");
        }
    }

    /// <summary>DCG over the first <paramref name="top"/> gains: gain / log2(rank + 1), rank from 1; non-positive grades add nothing.</summary>
    private static double Dcg(int[] gains, int top)
    {
        double sum = 0;
        for (int i = 0; i < top; i++)
            if (gains[i] > 0)
                sum += gains[i] / Math.Log2(i + 2);
        return sum;
    }

    private static int CountRelevant(int[] grades, int top)
    {
        int c = 0;
        for (int i = 0; i < top; i++)
            if (grades[i] > 0)
                c++;
        return c;
    }

    private static int[] IdealGains(IReadOnlyDictionary<string, int> judged)
    {
        int count = 0;
        foreach (var g in judged.Values)
            if (g > 0)
                count++;
        var ideal = new int[count];
        int i = 0;
        foreach (var g in judged.Values)
            if (g > 0)
                ideal[i++] = g;
        Array.Sort(ideal);
        Array.Reverse(ideal);
        return ideal;
    }
}

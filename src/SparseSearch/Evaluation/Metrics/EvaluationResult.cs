namespace SparseSearch.Evaluation.Metrics;

/// <summary>Counts behind one query's measures.</summary>
/// <param name="Retrieved">Documents ranked (after dropping the query's own id).</param>
/// <param name="Relevant">Judged relevant documents (grade &gt; 0).</param>
/// <param name="RelevantRetrieved">Relevant documents anywhere in the ranking.</param>
public readonly record struct QueryCounts(int Retrieved, int Relevant, int RelevantRetrieved);

/// <summary>
/// Per-query values and means of a set of measures over the judged queries. Every judged query counts in the mean,
/// with 0 when the run has nothing for it (trec_eval -c); run queries without judgments are not part of it.
/// </summary>
public sealed class EvaluationResult
{
    private readonly double[][] _values; // [metric][query]
    private readonly Dictionary<string, int> _queryIndex;

    internal EvaluationResult(IReadOnlyList<Metric> metrics, IReadOnlyList<string> queryIds, double[][] values, QueryCounts[] counts, int unjudgedRunQueries)
    {
        Metrics = metrics;
        QueryIds = queryIds;
        _values = values;
        Counts = counts;
        UnjudgedRunQueries = unjudgedRunQueries;
        _queryIndex = new Dictionary<string, int>(queryIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < queryIds.Count; i++)
            _queryIndex[queryIds[i]] = i;
    }

    /// <summary>The measures, in the order they were requested.</summary>
    public IReadOnlyList<Metric> Metrics { get; }

    /// <summary>The judged queries, in qrels order.</summary>
    public IReadOnlyList<string> QueryIds { get; }

    /// <summary>Per-query counts, aligned with <see cref="QueryIds"/>.</summary>
    public IReadOnlyList<QueryCounts> Counts { get; }

    /// <summary>Queries of the run that have no judgments (ignored).</summary>
    public int UnjudgedRunQueries { get; }

    /// <summary>Judged queries for which the run returned nothing (they count 0).</summary>
    public int QueriesWithoutResults
    {
        get
        {
            int n = 0;
            foreach (var c in Counts)
                if (c.Retrieved == 0)
                    n++;
            return n;
        }
    }

    /// <summary>The per-query values of a measure, aligned with <see cref="QueryIds"/>.</summary>
    public ReadOnlySpan<double> PerQuery(Metric metric) => _values[IndexOf(metric)];

    /// <summary>One query's value of a measure.</summary>
    public double Value(string queryId, Metric metric) =>
        _queryIndex.TryGetValue(queryId, out int q) ? _values[IndexOf(metric)][q]
            : throw new KeyNotFoundException($"Query {queryId} is not judged.");

    /// <summary>The mean over all judged queries (0 when there are none).</summary>
    public double Mean(Metric metric)
    {
        var v = _values[IndexOf(metric)];
        if (v.Length == 0)
            return 0;
        double sum = 0;
        foreach (var x in v)
            sum += x;
        return sum / v.Length;
    }

    /// <summary>True when the result holds this measure.</summary>
    public bool Has(Metric metric)
    {
        for (int i = 0; i < Metrics.Count; i++)
            if (Metrics[i] == metric)
                return true;
        return false;
    }

    private int IndexOf(Metric metric)
    {
        for (int i = 0; i < Metrics.Count; i++)
            if (Metrics[i] == metric)
                return i;
        throw new KeyNotFoundException($"Metric {metric} was not computed.");
    }
}

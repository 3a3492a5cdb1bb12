namespace SparseSearch.Evaluation.Metrics;

/// <summary>
/// Relevance judgments: for each query, the judged documents and their integer grades. Grades above 0 are relevant
/// (trec_eval's default relevance level 1); 0 and negative grades are judged non-relevant and give no gain.
/// Queries keep the order in which they first appeared in the file, which is the order of per-query reports.
/// </summary>
public sealed class Qrels
{
    private readonly Dictionary<string, Dictionary<string, int>> _byQuery = new(StringComparer.Ordinal);
    private readonly List<string> _queryIds = new();

    /// <summary>Query ids in first-seen order.</summary>
    public IReadOnlyList<string> QueryIds => _queryIds;

    /// <summary>Number of judged queries (the denominator of every mean, as with trec_eval -c).</summary>
    public int QueryCount => _queryIds.Count;

    /// <summary>Adds one judgment; returns false when (query, doc) was already judged (the caller decides how to report it).</summary>
    public bool TryAdd(string queryId, string docId, int grade)
    {
        ArgumentNullException.ThrowIfNull(queryId);
        ArgumentNullException.ThrowIfNull(docId);
        if (!_byQuery.TryGetValue(queryId, out var docs))
        {
            docs = new Dictionary<string, int>(StringComparer.Ordinal);
            _byQuery.Add(queryId, docs);
            _queryIds.Add(queryId);
        }
        return docs.TryAdd(docId, grade);
    }

    /// <summary>Adds one judgment; throws when (query, doc) is already judged.</summary>
    public void Add(string queryId, string docId, int grade)
    {
        if (!TryAdd(queryId, docId, grade))
            throw new ArgumentException($"Query {queryId} already has a judgment for document {docId}.");
    }

    /// <summary>True when the query has at least one judgment.</summary>
    public bool Contains(string queryId) => _byQuery.ContainsKey(queryId);

    /// <summary>The judged documents of a query with their grades (empty when the query is not judged).</summary>
    public IReadOnlyDictionary<string, int> For(string queryId) =>
        _byQuery.TryGetValue(queryId, out var docs) ? docs : Empty;

    /// <summary>Total number of judgments.</summary>
    public int JudgmentCount
    {
        get
        {
            int n = 0;
            foreach (var docs in _byQuery.Values)
                n += docs.Count;
            return n;
        }
    }

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();
}

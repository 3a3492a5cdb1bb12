namespace SparseSearch.Evaluation.Runs;

/// <summary>One retrieved document of a run: its external id and score.</summary>
/// <param name="DocId">External document id.</param>
/// <param name="Score">Retrieval score; higher is better.</param>
public readonly record struct RunEntry(string DocId, double Score);

/// <summary>
/// A retrieval run: for each query, the retrieved documents with scores. Queries keep insertion order; within a
/// query, entries keep the order they were added (metrics re-sort them with trec_eval's rule, see
/// <see cref="TrecOrder"/>). A document may appear once per query (trec_eval rejects duplicates).
/// </summary>
public sealed class TrecRun
{
    private readonly Dictionary<string, List<RunEntry>> _byQuery = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _docsByQuery = new(StringComparer.Ordinal);
    private readonly List<string> _queryIds = new();

    /// <summary>Creates an empty run with a tag (the last column of a TREC run file).</summary>
    public TrecRun(string tag = "sparsesearch")
    {
        // The tag is one whitespace-free field of every line.
        Tag = string.IsNullOrWhiteSpace(tag) ? "sparsesearch" : string.Join('_', tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The run tag written in the last column.</summary>
    public string Tag { get; }

    /// <summary>Query ids in insertion order.</summary>
    public IReadOnlyList<string> QueryIds => _queryIds;

    /// <summary>The entries of a query (empty when it has none).</summary>
    public IReadOnlyList<RunEntry> For(string queryId) =>
        _byQuery.TryGetValue(queryId, out var list) ? list : Array.Empty<RunEntry>();

    /// <summary>True when the query has an entry list (possibly empty).</summary>
    public bool Contains(string queryId) => _byQuery.ContainsKey(queryId);

    /// <summary>Registers a query with no results yet (it is written as nothing, evaluated as an empty ranking).</summary>
    public void AddQuery(string queryId)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        if (!_byQuery.ContainsKey(queryId))
        {
            _byQuery.Add(queryId, new List<RunEntry>());
            _docsByQuery.Add(queryId, new HashSet<string>(StringComparer.Ordinal));
            _queryIds.Add(queryId);
        }
    }

    /// <summary>Adds a retriever's result list for a query; throws when a document repeats within the query.</summary>
    public void AddResults(string queryId, IReadOnlyList<(string DocId, float Score)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        AddQuery(queryId);
        for (int i = 0; i < results.Count; i++)
        {
            var (doc, score) = results[i];
            if (!TryAdd(queryId, doc, score))
                throw new ArgumentException($"Query {queryId}: document {doc} is returned twice.", nameof(results));
        }
    }

    /// <summary>Adds one entry; returns false (and adds nothing) when the document is already listed for the query.</summary>
    public bool TryAdd(string queryId, string docId, double score)
    {
        ArgumentException.ThrowIfNullOrEmpty(docId);
        AddQuery(queryId);
        if (!_docsByQuery[queryId].Add(docId))
            return false;
        _byQuery[queryId].Add(new RunEntry(docId, score));
        return true;
    }

    /// <summary>Total number of entries.</summary>
    public int EntryCount
    {
        get
        {
            int n = 0;
            foreach (var l in _byQuery.Values)
                n += l.Count;
            return n;
        }
    }
}

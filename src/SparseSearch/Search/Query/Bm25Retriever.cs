using SparseSearch.Search.Bm25;

namespace SparseSearch.Search.Query;

/// <summary>
/// BM25 over the index's analysed text field (Lucene's scoring, <see cref="Bm25Searcher"/>). Its explanation splits
/// each matched term's Lucene score as query weight (idf × the term's count in the query) × document weight (the
/// saturated, length-normalised term frequency), so it reads like the impact retrievers' terms.
/// </summary>
internal sealed class Bm25Retriever : IRetriever
{
    private readonly Bm25Searcher _searcher;
    private readonly EngineSnapshot _snapshot;
    private Bm25Query? _query;
    private QueryTermWeight[] _terms = [];

    public Bm25Retriever(EngineSnapshot snapshot, Bm25Searcher searcher)
    {
        _snapshot = snapshot;
        _searcher = searcher;
    }

    public string Name => "bm25";

    public IReadOnlyList<QueryTermWeight> QueryTerms => _terms;

    public void Encode(string query)
    {
        _query = _searcher.Prepare(query);
        var analysed = _query.Analysed;
        _terms = new QueryTermWeight[analysed.Terms.Count];
        for (int t = 0; t < _terms.Length; t++)
            _terms[t] = new QueryTermWeight(Name, analysed.Terms[t], -1, QueryWeight(t));
    }

    private float QueryWeight(int t) => (_query!.Scorers[t]?.Idf ?? 0f) * _query.Analysed.Counts[t];

    public IReadOnlyList<ScoredDoc> Retrieve(int depth)
    {
        var hits = _searcher.Search(Prepared, depth);
        var result = new ScoredDoc[hits.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = new ScoredDoc(hits[i].Segment, hits[i].Doc, hits[i].Score);
        return result;
    }

    public float? ExactScore(int segment, int doc) =>
        _snapshot.Snapshot.Segments[segment].IsLive(doc) ? _searcher.Score(Prepared, segment, doc) : null;

    public void Explain(int segment, int doc, List<MatchedTerm> into)
    {
        var explanation = _searcher.Explain(Prepared, segment, doc);
        int start = into.Count;
        for (int t = 0; t < explanation.Terms.Count; t++)
        {
            var c = explanation.Terms[t];
            if (c.Tf == 0) continue;
            float qw = QueryWeight(t);
            into.Add(new MatchedTerm(Name, c.Term, -1, qw, qw > 0f ? c.Score / qw : 0f, c.Score));
        }
        into.Sort(start, into.Count - start, Comparer<MatchedTerm>.Create(static (a, b) => b.Contribution.CompareTo(a.Contribution)));
    }

    private Bm25Query Prepared => _query ?? throw new InvalidOperationException("Encode the query first.");
}

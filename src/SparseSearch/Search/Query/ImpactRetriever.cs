using SparseSearch.Encoding;
using SparseSearch.Search.Explain;
using SparseSearch.Text;

namespace SparseSearch.Search.Query;

/// <summary>
/// A retriever over the impact postings: the query text becomes a weighted term vector (by the SPLADE model, or by
/// idf for inference-free queries), is pruned as the request asks, and is searched rank-safe (or as the request's
/// traversal says). Its exact score for any document is the forward-index dot product, computed with the same float
/// operations as the searchers, so it equals the score the document would have had in the list.
/// </summary>
internal sealed class ImpactRetriever : IRetriever
{
    private readonly EngineSnapshot _snapshot;
    private readonly Func<string, SparseVector> _encoder;
    private readonly SearchRequest _request;
    private readonly WordPieceTokenizer? _tokenizer;
    private SparseVector _query = SparseVector.Empty;
    private QueryTermWeight[] _terms = [];

    public ImpactRetriever(string name, EngineSnapshot snapshot, Func<string, SparseVector> encoder, SearchRequest request, WordPieceTokenizer? tokenizer)
    {
        Name = name;
        _snapshot = snapshot;
        _encoder = encoder;
        _request = request;
        _tokenizer = tokenizer;
    }

    public string Name { get; }

    public IReadOnlyList<QueryTermWeight> QueryTerms => _terms;

    /// <summary>The encoded, pruned query vector.</summary>
    public SparseVector Query => _query;

    public void Encode(string query)
    {
        _query = QueryPruning.Apply(_encoder(query), _request.QueryTopTerms, _request.QueryMinWeightRatio);
        _terms = new QueryTermWeight[_query.Count];
        for (int i = 0; i < _query.Count; i++)
            _terms[i] = new QueryTermWeight(Name, TermExplainer.TokenOf(_tokenizer, _query.TermIds[i]), _query.TermIds[i], _query.Weights[i]);
    }

    public IReadOnlyList<ScoredDoc> Retrieve(int depth)
    {
        var options = new SearchOptions
        {
            Mode = _request.Traversal switch
            {
                Traversal.Exhaustive => SearchMode.Exhaustive,
                Traversal.Approximate => SearchMode.Approximate,
                _ => SearchMode.RankSafe,
            },
            QueryTermCut = _request.Traversal == Traversal.Approximate ? _request.ApproximateTermCut : null,
            BlockThresholdFactor = _request.Traversal == Traversal.Approximate ? _request.ApproximateBlockFactor : 1f,
        };
        var searcher = _snapshot.RentSearcher();
        try
        {
            var result = searcher.Search(_query, depth, options);
            var hits = new ScoredDoc[result.Hits.Count];
            for (int i = 0; i < hits.Length; i++)
                hits[i] = new ScoredDoc(result.Hits[i].Segment, result.Hits[i].Doc, result.Hits[i].Score);
            return hits;
        }
        finally
        {
            _snapshot.ReturnSearcher(searcher);
        }
    }

    public float? ExactScore(int segment, int doc)
    {
        var searcher = _snapshot.RentSearcher();
        try
        {
            return searcher.ScoreDocument(_query, segment, doc);
        }
        finally
        {
            _snapshot.ReturnSearcher(searcher);
        }
    }

    public void Explain(int segment, int doc, List<MatchedTerm> into) =>
        TermExplainer.Explain(Name, _query, _snapshot.Snapshot.Segments[segment], doc, _tokenizer, into);
}

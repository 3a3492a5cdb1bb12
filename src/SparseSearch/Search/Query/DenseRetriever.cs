using SparseSearch.Encoding;
using SparseSearch.Search.Dense;

namespace SparseSearch.Search.Query;

/// <summary>Exact dense retrieval: the query encoded by the dense model, scored against every stored vector (or
/// int8 copies re-scored in float when the request asks).</summary>
internal sealed class DenseRetriever : IRetriever
{
    private readonly EngineSnapshot _snapshot;
    private readonly DenseEncoder _encoder;
    private readonly SearchRequest _request;
    private float[] _query = [];

    public DenseRetriever(EngineSnapshot snapshot, DenseEncoder encoder, SearchRequest request)
    {
        _snapshot = snapshot;
        _encoder = encoder;
        _request = request;
    }

    public string Name => "dense";

    public IReadOnlyList<QueryTermWeight> QueryTerms => [];

    /// <summary>The encoded query vector.</summary>
    public float[] Query => _query;

    public void Encode(string query) => _query = _encoder.Encode(query).Vector;

    /// <summary>Uses an already-encoded query vector (benchmarks, pre-encoded evaluations).</summary>
    public void SetQuery(float[] vector) => _query = vector;

    public IReadOnlyList<ScoredDoc> Retrieve(int depth)
    {
        DenseHit[] hits = _request.DenseInt8
            ? new Int8DenseSearcher(_snapshot.Snapshot, _snapshot.Int8Sets).Search(_query, depth, Math.Max(100, 4 * depth))
            : _snapshot.Dense.Search(_query, depth);
        var result = new ScoredDoc[hits.Length];
        for (int i = 0; i < hits.Length; i++)
            result[i] = new ScoredDoc(hits[i].Segment, hits[i].Doc, hits[i].Score);
        return result;
    }

    public float? ExactScore(int segment, int doc) => _snapshot.Dense.Score(_query, segment, doc);

    public void Explain(int segment, int doc, List<MatchedTerm> into) { }
}

using System.Numerics.Tensors;
using SparseSearch.Evaluation.PreEncoded;

namespace SparseSearch.Evaluation.Exhaustive;

/// <summary>
/// Exact dense retrieval by cosine similarity over every document (SIMD dot products on one contiguous float
/// matrix). The oracle for the vector store and the way to evaluate pre-encoded dense vectors directly.
/// </summary>
public sealed class ExhaustiveDenseSearcher
{
    private readonly string[] _docIds;
    private readonly float[] _matrix;    // row-major, documents × dimension, each row scaled to unit length
    private readonly int _dimension;
    private readonly Dictionary<string, int> _docOrdinals;

    /// <summary>Loads documents; all must have the same dimension. Each row is normalised once so a query costs one dot product per document.</summary>
    public ExhaustiveDenseSearcher(IReadOnlyList<PreEncodedDenseVector> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
            throw new ArgumentException("No documents.", nameof(documents));
        _dimension = documents[0].Vector.Length;
        _docIds = new string[documents.Count];
        _matrix = new float[(long)documents.Count * _dimension];
        for (int i = 0; i < documents.Count; i++)
        {
            var v = documents[i].Vector;
            if (v.Length != _dimension)
                throw new ArgumentException($"Document {documents[i].Id} has dimension {v.Length}, expected {_dimension}.", nameof(documents));
            _docIds[i] = documents[i].Id;
            var row = _matrix.AsSpan(i * _dimension, _dimension);
            v.CopyTo(row);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0)
                TensorPrimitives.Divide(row, norm, row);
        }
        _docOrdinals = new Dictionary<string, int>(_docIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < _docIds.Length; i++)
            if (!_docOrdinals.TryAdd(_docIds[i], i))
                throw new ArgumentException($"Document id {_docIds[i]} appears twice.", nameof(documents));
    }

    /// <summary>Number of documents.</summary>
    public int DocumentCount => _docIds.Length;

    /// <summary>Vector dimension.</summary>
    public int Dimension => _dimension;

    /// <summary>The exact cosine of one document for a query (from its stored vector), or null when the document is unknown.</summary>
    public float? Score(ReadOnlySpan<float> query, string docId)
    {
        if (query.Length != _dimension)
            throw new ArgumentException($"Query has dimension {query.Length}, expected {_dimension}.", nameof(query));
        if (!_docOrdinals.TryGetValue(docId, out int d))
            return null;
        float qnorm = TensorPrimitives.Norm(query);
        return qnorm > 0 ? TensorPrimitives.Dot(query, _matrix.AsSpan(d * _dimension, _dimension)) * (1f / qnorm) : 0f;
    }

    /// <summary>An exact-score provider for one query, for <see cref="SparseSearch.Search.Fusion.ConvexFusion"/>.</summary>
    public SparseSearch.Search.Fusion.ExactScoreProvider ExactScorer(float[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return docId => Score(query, docId);
    }

    /// <summary>Returns the top <paramref name="k"/> documents by cosine similarity, in trec_eval order.</summary>
    public (string DocId, float Score)[] Search(ReadOnlySpan<float> query, int k)
    {
        if (query.Length != _dimension)
            throw new ArgumentException($"Query has dimension {query.Length}, expected {_dimension}.", nameof(query));
        float qnorm = TensorPrimitives.Norm(query);
        float inv = qnorm > 0 ? 1f / qnorm : 0f;
        var top = new TopKSelector(_docIds, k);
        for (int d = 0; d < _docIds.Length; d++)
            top.Offer(d, TensorPrimitives.Dot(query, _matrix.AsSpan(d * _dimension, _dimension)) * inv);
        return top.Result();
    }
}

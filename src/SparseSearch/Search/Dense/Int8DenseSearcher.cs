using System.Numerics.Tensors;
using SparseSearch.Index;

namespace SparseSearch.Search.Dense;

/// <summary>
/// Dense search over int8 copies of the vectors (<see cref="Int8VectorSet"/>, one per segment, supplied by the
/// caller so they can be cached across snapshots), then exact float re-scoring of the best
/// <c>rescoreDepth</c> candidates. The returned scores are the exact float dot products.
/// </summary>
public sealed class Int8DenseSearcher
{
    private readonly IndexSnapshot _snapshot;
    private readonly IReadOnlyList<Int8VectorSet?> _sets;

    /// <summary>Creates the searcher; <paramref name="sets"/> holds one set per segment (null for segments without vectors).</summary>
    public Int8DenseSearcher(IndexSnapshot snapshot, IReadOnlyList<Int8VectorSet?> sets)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        _sets = sets ?? throw new ArgumentNullException(nameof(sets));
        if (sets.Count != snapshot.Segments.Count)
            throw new ArgumentException($"{sets.Count} int8 sets for {snapshot.Segments.Count} segments.", nameof(sets));
    }

    /// <summary>Top <paramref name="k"/> after re-scoring the best <paramref name="rescoreDepth"/> (≥ k) int8 candidates in float.</summary>
    public DenseHit[] Search(ReadOnlySpan<float> query, int k, int rescoreDepth)
    {
        int dim = _snapshot.Schema.DenseDimension;
        if (query.Length != dim)
            throw new ArgumentException($"The query vector has {query.Length} dimensions; the index stores {dim}.", nameof(query));
        rescoreDepth = Math.Max(k, rescoreDepth);
        var q = new sbyte[dim];
        float qScale = Int8VectorSet.Quantize(query, q);
        var coarse = new TopKCollector(rescoreDepth);
        for (int s = 0; s < _sets.Count; s++)
        {
            var set = _sets[s];
            if (set is null) continue;
            var segment = _snapshot.Segments[s];
            var live = segment.Live;
            for (int d = 0; d < set.DocCount; d++)
            {
                if (!set.Has(d) || (live is not null && !live.IsLive(d))) continue;
                coarse.Offer(set.Score(q, qScale, d), s, d);
            }
        }
        var fine = new TopKCollector(k);
        foreach (var (_, seg, doc) in coarse.Drain())
        {
            _snapshot.Segments[seg].TryGetDenseVector(doc, out var v);
            fine.Offer(TensorPrimitives.Dot(query, v), seg, doc);
        }
        return ExactDenseSearcher.ToHits(fine);
    }
}

using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using SparseSearch.Index;

namespace SparseSearch.Search.Dense;

/// <summary>
/// Exact dense search over a snapshot's stored float32 vectors: dot product (= cosine for the unit vectors the dense
/// encoders write) with every live document that has a vector, top k by score, ties by segment then doc id (the
/// engine's order). Segments store their vectors as one contiguous row-major matrix, so each block of rows is
/// scored with SIMD dot products (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>)
/// straight from the mapped file, with no copy. Thread-safe (no state beyond the snapshot).
/// </summary>
public sealed class ExactDenseSearcher
{
    private const int BlockDocs = 256;
    private readonly IndexSnapshot _snapshot;

    /// <summary>Searches <paramref name="snapshot"/> (which must stay open while this is used).</summary>
    public ExactDenseSearcher(IndexSnapshot snapshot)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        Dimension = snapshot.Schema.DenseDimension;
    }

    /// <summary>The vector dimension of the index (0 = no dense field).</summary>
    public int Dimension { get; }

    /// <summary>Live documents of <paramref name="snapshot"/> in segments with vectors: what one exact search scans
    /// (benchmarks divide by it for the cost per 1k documents).</summary>
    public static long CountVectors(IndexSnapshot snapshot)
    {
        long n = 0;
        foreach (var s in snapshot.Segments)
            if (s.HasDenseVectors) n += s.LiveCount;
        return n;
    }

    /// <summary>The top <paramref name="k"/> documents by dot product with <paramref name="query"/>.</summary>
    public DenseHit[] Search(ReadOnlySpan<float> query, int k)
    {
        CheckQuery(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var top = new TopKCollector(k);
        Span<float> scores = stackalloc float[BlockDocs];
        foreach (var segment in _snapshot.Segments)
        {
            var vectors = segment.Core.Vectors;
            if (vectors is null) continue;
            var live = segment.Live;
            int n = segment.DocCount, ord = segment.Ordinal, dim = Dimension;
            for (int first = 0; first < n; first += BlockDocs)
            {
                int count = Math.Min(BlockDocs, n - first);
                // The rows of one segment are contiguous in the mapped .vec file: view the whole block as one span.
                var block = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(vectors.Get(first)), count * dim);
                for (int i = 0; i < count; i++)
                    scores[i] = TensorPrimitives.Dot(query, block.Slice(i * dim, dim));
                for (int i = 0; i < count; i++)
                {
                    int doc = first + i;
                    if (!vectors.Has(doc) || (live is not null && !live.IsLive(doc))) continue;
                    top.Offer(scores[i], ord, doc);
                }
            }
        }
        return ToHits(top);
    }

    /// <summary>The exact score of one document, or null when it has no vector (or is deleted).</summary>
    public float? Score(ReadOnlySpan<float> query, int segment, int doc)
    {
        CheckQuery(query);
        var s = _snapshot.Segments[segment];
        if (!s.IsLive(doc) || !s.TryGetDenseVector(doc, out var v)) return null;
        return TensorPrimitives.Dot(query, v);
    }

    private void CheckQuery(ReadOnlySpan<float> query)
    {
        if (Dimension == 0)
            throw new InvalidOperationException($"The index in {_snapshot.Directory} has no dense vector field.");
        if (query.Length != Dimension)
            throw new ArgumentException($"The query vector has {query.Length} dimensions; the index stores {Dimension}.", nameof(query));
    }

    internal static DenseHit[] ToHits(TopKCollector top)
    {
        var entries = top.Drain();
        var hits = new DenseHit[entries.Length];
        for (int i = 0; i < entries.Length; i++)
            hits[i] = new DenseHit(entries[i].Seg, entries[i].Doc, entries[i].Score);
        return hits;
    }
}

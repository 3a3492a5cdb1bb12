using SparseSearch.Index;

namespace SparseSearch.Search.Dense;

/// <summary>
/// An int8 copy of one segment's float vectors, built in memory from the stored float32 vectors: each vector
/// scaled symmetrically by its own max |x| / 127 (x ≈ scale · q). Four times smaller to scan; the float vectors stay
/// the source of truth for re-scoring.
/// </summary>
public sealed class Int8VectorSet
{
    private readonly sbyte[] _data;
    private readonly float[] _scales;
    private readonly bool[] _present;

    private Int8VectorSet(int docs, int dim, sbyte[] data, float[] scales, bool[] present)
    {
        DocCount = docs;
        Dimension = dim;
        _data = data;
        _scales = scales;
        _present = present;
    }

    /// <summary>Documents (rows).</summary>
    public int DocCount { get; }

    /// <summary>Dimension.</summary>
    public int Dimension { get; }

    /// <summary>Quantises every vector of <paramref name="segment"/>.</summary>
    public static Int8VectorSet Build(IndexSegment segment, int dimension)
    {
        ArgumentNullException.ThrowIfNull(segment);
        int n = segment.DocCount;
        var data = new sbyte[(long)n * dimension];
        var scales = new float[n];
        var present = new bool[n];
        for (int d = 0; d < n; d++)
        {
            if (!segment.TryGetDenseVector(d, out var v)) continue;
            present[d] = true;
            scales[d] = Quantize(v, data.AsSpan(d * dimension, dimension));
        }
        return new Int8VectorSet(n, dimension, data, scales, present);
    }

    /// <summary>Quantises <paramref name="vector"/> into <paramref name="destination"/>; returns the scale.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> destination)
    {
        // MaxMagnitude returns the signed element of largest magnitude.
        float max = MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(vector));
        float scale = max > 0f ? max / 127f : 1f;
        float inv = 1f / scale;
        for (int i = 0; i < vector.Length; i++)
            destination[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inv), -127f, 127f);
        return scale;
    }

    /// <summary>Whether the row has a vector.</summary>
    public bool Has(int doc) => _present[doc];

    /// <summary>Approximate dot product of row <paramref name="doc"/> with a quantised query.</summary>
    public float Score(ReadOnlySpan<sbyte> query, float queryScale, int doc) =>
        Int8Dot.Dot(query, _data.AsSpan(doc * Dimension, Dimension)) * _scales[doc] * queryScale;
}

namespace SparseSearch.Encoding.Bm25;

/// <summary>BM25's free parameters: <see cref="K1"/> (term-frequency saturation) and <see cref="B"/> (length normalisation).</summary>
public readonly record struct Bm25Parameters
{
    /// <summary>Checks the values as Lucene's BM25Similarity does.</summary>
    public Bm25Parameters(float k1, float b)
    {
        if (!float.IsFinite(k1) || k1 < 0)
            throw new ArgumentOutOfRangeException(nameof(k1), k1, "k1 must be a non-negative finite value");
        if (float.IsNaN(b) || b < 0 || b > 1)
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be within [0, 1]");
        K1 = k1;
        B = b;
    }

    /// <summary>k1 = 0.9, b = 0.4: Anserini's defaults, used for its BEIR BM25 baselines.</summary>
    public static Bm25Parameters Anserini => new(0.9f, 0.4f);

    /// <summary>Term-frequency saturation.</summary>
    public float K1 { get; }

    /// <summary>Degree of document-length normalisation, 0 (none) to 1 (full).</summary>
    public float B { get; }
}

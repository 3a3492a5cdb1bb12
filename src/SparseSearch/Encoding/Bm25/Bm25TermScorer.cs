namespace SparseSearch.Encoding.Bm25;

/// <summary>
/// Lucene 9.8's BM25 scorer for one query term, float for float: idf = ln(1 + (N − df + 0.5) / (df + 0.5)) in double
/// rounded to float; weight = boost × idf; for each of the 256 norm bytes a cached 1 / (k1 × ((1 − b) + b × dl / avgdl))
/// with dl the decoded length; score = weight − weight / (1 + tf × cache[norm]), which equals
/// weight × tf / (tf + k1 × (1 − b + b × dl / avgdl)) and is monotonic in tf and dl under float rounding.
/// </summary>
public sealed class Bm25TermScorer
{
    private readonly float[] _normInverse = new float[256];

    /// <summary>A scorer for a term of document frequency <paramref name="docFreq"/>, repeated <paramref name="boost"/> times in the query.</summary>
    public Bm25TermScorer(Bm25Parameters parameters, Bm25CollectionStatistics stats, long docFreq, float boost = 1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(docFreq, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(docFreq, stats.DocCount);
        Idf = InverseDocumentFrequency(docFreq, stats.DocCount);
        Weight = boost * Idf;
        float avgdl = stats.AverageFieldLength;
        float k1 = parameters.K1, b = parameters.B;
        for (int i = 0; i < 256; i++)
            _normInverse[i] = 1f / (k1 * ((1 - b) + b * LuceneLengthNorm.Decode((byte)i) / avgdl));
    }

    /// <summary>The term's idf (float, as Lucene keeps it).</summary>
    public float Idf { get; }

    /// <summary>boost × idf: the score a document approaches as tf grows.</summary>
    public float Weight { get; }

    /// <summary>The term's score in a document where it occurs <paramref name="freq"/> times and whose length norm is <paramref name="norm"/>.</summary>
    public float Score(float freq, byte norm) => Weight - Weight / (1f + freq * _normInverse[norm]);

    /// <summary>BM25's idf as Lucene computes it: in double, then rounded to float.</summary>
    public static float InverseDocumentFrequency(long docFreq, long docCount) =>
        (float)Math.Log(1 + (docCount - docFreq + 0.5d) / (docFreq + 0.5d));
}

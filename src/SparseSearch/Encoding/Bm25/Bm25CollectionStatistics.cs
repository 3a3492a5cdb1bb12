namespace SparseSearch.Encoding.Bm25;

/// <summary>
/// Field-level statistics BM25 needs, as Lucene's CollectionStatistics: <see cref="DocCount"/> counts documents with at
/// least one token in the field, <see cref="SumTotalTermFreq"/> all their tokens.
/// </summary>
public readonly record struct Bm25CollectionStatistics
{
    /// <summary>Validates the statistics (at least one document, and no fewer tokens than documents).</summary>
    public Bm25CollectionStatistics(long docCount, long sumTotalTermFreq)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(docCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sumTotalTermFreq, docCount);
        DocCount = docCount;
        SumTotalTermFreq = sumTotalTermFreq;
    }

    /// <summary>Documents with at least one token in the field.</summary>
    public long DocCount { get; }

    /// <summary>Total number of tokens in the field over all documents.</summary>
    public long SumTotalTermFreq { get; }

    /// <summary>Average field length, computed in double and rounded to float as Lucene does.</summary>
    public float AverageFieldLength => (float)(SumTotalTermFreq / (double)DocCount);
}

using SparseSearch.Encoding.Bm25;

namespace SparseSearch.Search.Bm25;

/// <summary>
/// A query analysed and resolved against one snapshot: its distinct terms in first-occurrence order (the order
/// scores are summed in, as in <see cref="InMemoryBm25Index"/>), each term's ordinal in every segment's dictionary,
/// its snapshot-wide document frequency and its Lucene scorer. Reusable for many searches and exact scores.
/// </summary>
public sealed class Bm25Query
{
    internal Bm25Query(TermFrequencies analysed, int[][] ordinals, long[] docFreqs, Bm25TermScorer?[] scorers)
    {
        Analysed = analysed;
        Ordinals = ordinals;
        DocFreqs = docFreqs;
        Scorers = scorers;
    }

    /// <summary>The analysed query: distinct terms and their counts.</summary>
    public TermFrequencies Analysed { get; }

    /// <summary>[term][segment] → dictionary ordinal, or −1 when the segment lacks the term.</summary>
    internal int[][] Ordinals { get; }

    /// <summary>Snapshot-wide document frequency per term.</summary>
    internal long[] DocFreqs { get; }

    /// <summary>Per term, its scorer (boost = query count), or null when no document holds it.</summary>
    internal Bm25TermScorer?[] Scorers { get; }
}

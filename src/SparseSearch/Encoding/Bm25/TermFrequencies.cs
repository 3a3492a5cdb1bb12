using SparseSearch.Text.Analysis;

namespace SparseSearch.Encoding.Bm25;

/// <summary>
/// The analysed form of one text for BM25: its distinct terms in first-occurrence order, how often each occurs, and
/// the field length (number of tokens the analyzer emitted: Lucene's FieldInvertState length, no overlaps here).
/// </summary>
public sealed class TermFrequencies
{
    private TermFrequencies(string[] terms, int[] counts, int length)
    {
        Terms = terms;
        Counts = counts;
        Length = length;
    }

    /// <summary>Distinct terms, in order of first occurrence.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Occurrences of each term of <see cref="Terms"/>, same order.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>Number of tokens (the document length BM25 normalises by).</summary>
    public int Length { get; }

    /// <summary>Analyses <paramref name="text"/> and counts its terms.</summary>
    public static TermFrequencies Count(ITextAnalyzer analyzer, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        var counter = new Counter();
        analyzer.Analyze(text, counter);
        return new TermFrequencies(counter.Terms.ToArray(), counter.Counts.ToArray(), counter.Length);
    }

    /// <summary>Counts terms; a term already seen is found by span, so repeated terms allocate nothing.</summary>
    private sealed class Counter : ITermSink
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Counter() => _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();

        public List<string> Terms { get; } = new();

        public List<int> Counts { get; } = new();

        public int Length { get; private set; }

        public void Add(ReadOnlySpan<char> term)
        {
            Length++;
            if (_lookup.TryGetValue(term, out int slot))
            {
                Counts[slot]++;
                return;
            }
            var key = term.ToString();
            _index.Add(key, Terms.Count);
            Terms.Add(key);
            Counts.Add(1);
        }
    }
}

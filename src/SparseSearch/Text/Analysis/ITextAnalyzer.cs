namespace SparseSearch.Text.Analysis;

/// <summary>Receives the terms of an analysed text, in order. The span is valid only during the call.</summary>
public interface ITermSink
{
    /// <summary>Called once per emitted term.</summary>
    void Add(ReadOnlySpan<char> term);
}

/// <summary>Turns text into the sequence of terms a BM25 field indexes (and its queries search).</summary>
public interface ITextAnalyzer
{
    /// <summary>Feeds every term of <paramref name="text"/> to <paramref name="sink"/>, in order.</summary>
    void Analyze(ReadOnlySpan<char> text, ITermSink sink);
}

/// <summary>Collects an analyzer's terms as strings (tests, explanations; the indexing path uses spans).</summary>
public sealed class TermCollector : ITermSink
{
    /// <summary>The terms received so far.</summary>
    public List<string> Terms { get; } = new();

    /// <inheritdoc />
    public void Add(ReadOnlySpan<char> term) => Terms.Add(term.ToString());

    /// <summary>The terms <paramref name="analyzer"/> makes of <paramref name="text"/>.</summary>
    public static List<string> Collect(ITextAnalyzer analyzer, string text)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(text);
        var collector = new TermCollector();
        analyzer.Analyze(text, collector);
        return collector.Terms;
    }
}

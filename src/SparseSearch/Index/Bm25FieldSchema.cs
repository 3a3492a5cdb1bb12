using SparseSearch.Encoding.Bm25;
using SparseSearch.Text.Analysis;

namespace SparseSearch.Index;

/// <summary>
/// The optional BM25 text field of an index: which analyzer turns title + text into terms (recorded so queries are
/// analysed the same way) and Lucene BM25's k1 and b. Part of <see cref="IndexSchema"/>, fixed at index creation.
/// </summary>
public sealed record Bm25FieldSchema
{
    /// <summary>Analyzer name of Lucene's EnglishAnalyzer equivalent (<see cref="EnglishAnalyzer"/>), the default.</summary>
    public const string EnglishAnalyzerName = "english";

    /// <summary>Analyzer name of the plain \w+ lower-casing analyzer (<see cref="SimpleWordAnalyzer"/>).</summary>
    public const string SimpleAnalyzerName = "simple";

    /// <summary>"english" (default) or "simple".</summary>
    public string Analyzer { get; init; } = EnglishAnalyzerName;

    /// <summary>Term-frequency saturation; Anserini's BEIR default 0.9.</summary>
    public float K1 { get; init; } = 0.9f;

    /// <summary>Length normalisation; Anserini's BEIR default 0.4.</summary>
    public float B { get; init; } = 0.4f;

    /// <summary>k1 and b as the scorer takes them (validated).</summary>
    public Bm25Parameters Parameters => new(K1, B);

    /// <summary>A new analyzer instance for <see cref="Analyzer"/> (analyzers are stateless and thread-safe).</summary>
    public ITextAnalyzer CreateAnalyzer() => Analyzer switch
    {
        EnglishAnalyzerName => new EnglishAnalyzer(),
        SimpleAnalyzerName => new SimpleWordAnalyzer(),
        _ => throw new ArgumentException($"Unknown BM25 analyzer '{Analyzer}'; expected '{EnglishAnalyzerName}' or '{SimpleAnalyzerName}'."),
    };

    /// <summary>
    /// The text the field indexes: title and text joined by a newline (Anserini's BEIR contents; the separator only
    /// has to be a word break, so the tokens equal those of a space join). Missing parts are skipped.
    /// </summary>
    public static string ComposeText(string? title, string? text) =>
        string.IsNullOrEmpty(title) ? text ?? "" : string.IsNullOrEmpty(text) ? title : title + "\n" + text;

    /// <summary>
    /// Analyses a document's title + text for this field. The bulk pipeline calls this in its parallel stage and sets
    /// <see cref="IndexDocument.Bm25Terms"/>, so the writer does no analysis under its lock.
    /// </summary>
    public TermFrequencies Analyze(string? title, string? text) => TermFrequencies.Count(CreateAnalyzer(), ComposeText(title, text));

    internal void Validate()
    {
        _ = CreateAnalyzer();
        _ = Parameters;
    }
}

namespace SparseSearch.Search.Query;

/// <summary>A candidate: segment ordinal and segment-local doc of the snapshot searched, and the raw score.</summary>
public readonly record struct ScoredDoc(int Segment, int Doc, float Score);

/// <summary>
/// One retriever for one request over one snapshot (sparse, inference-free, dense; BM25 plugs in here once the index
/// has its field). The engine calls <see cref="Encode"/> (timed as encoding), then <see cref="Retrieve"/> (timed as
/// search), then, for fusion and explanations, <see cref="ExactScore"/> and <see cref="Explain"/>.
/// </summary>
public interface IRetriever
{
    /// <summary>The retriever's label: sparse, inference-free, bm25 or dense.</summary>
    string Name { get; }

    /// <summary>Turns the query text into this retriever's query representation.</summary>
    void Encode(string query);

    /// <summary>The encoded query's weighted terms (empty for dense).</summary>
    IReadOnlyList<QueryTermWeight> QueryTerms { get; }

    /// <summary>The best <paramref name="depth"/> documents, best first (score desc, then segment, then doc).</summary>
    IReadOnlyList<ScoredDoc> Retrieve(int depth);

    /// <summary>This retriever's exact score for any live document (also one it did not list), or null when it cannot
    /// score it (e.g. no stored vector).</summary>
    float? ExactScore(int segment, int doc);

    /// <summary>Adds the matched terms of one document (nothing for retrievers without terms).</summary>
    void Explain(int segment, int doc, List<MatchedTerm> into);
}

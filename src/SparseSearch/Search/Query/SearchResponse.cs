namespace SparseSearch.Search.Query;

/// <summary>The answer to a <see cref="SearchRequest"/>.</summary>
/// <param name="Mode">The mode that ran.</param>
/// <param name="Hits">Best first, at most k.</param>
/// <param name="Retrievers">The retrievers that ran, in the order of each hit's <see cref="SearchHitResult.RetrieverScores"/>.</param>
/// <param name="QueryTerms">The weighted query terms actually searched (after pruning) for the sparse-side retrievers; empty for dense.</param>
/// <param name="Timings">Where the time went.</param>
/// <param name="Generation">The commit generation of the snapshot searched.</param>
public sealed record SearchResponse(
    QueryMode Mode,
    IReadOnlyList<SearchHitResult> Hits,
    IReadOnlyList<RetrieverSpec> Retrievers,
    IReadOnlyList<QueryTermWeight> QueryTerms,
    SearchTimings Timings,
    long Generation);

/// <summary>One hit.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Id">External document id.</param>
/// <param name="Score">Final score (the retriever's raw score, or the fused score for hybrid).</param>
/// <param name="Title">Stored title (when returned).</param>
/// <param name="Snippet">The start of the stored text (when returned).</param>
/// <param name="Fields">Requested stored fields by name (when <see cref="SearchRequest.Fields"/> is given).</param>
/// <param name="RetrieverScores">Each retriever's raw score for the document (the exact score even when only another
/// retriever listed it), aligned with <see cref="SearchResponse.Retrievers"/>; null unless explain or hybrid.</param>
/// <param name="Explanation">Matched terms, heaviest contribution first; null unless explain.</param>
public sealed record SearchHitResult(
    int Rank,
    string Id,
    float Score,
    string? Title,
    string? Snippet,
    IReadOnlyDictionary<string, string?>? Fields,
    IReadOnlyList<RetrieverScore>? RetrieverScores,
    IReadOnlyList<MatchedTerm>? Explanation);

/// <summary>A retriever's raw score for a hit.</summary>
/// <param name="Retriever">sparse, inference-free, bm25 or dense.</param>
/// <param name="Score">Raw score.</param>
/// <param name="Listed">Whether the document was in the retriever's own candidate list (false = score filled in exactly).</param>
public readonly record struct RetrieverScore(string Retriever, float Score, bool Listed);

/// <summary>A matched term: <c>Contribution = QueryWeight × DocumentWeight</c> (document weight = dequantised impact).</summary>
/// <param name="Retriever">The retriever whose query holds the term.</param>
/// <param name="Token">The vocabulary token (e.g. <c>"##ing"</c>).</param>
/// <param name="TermId">Vocabulary id.</param>
/// <param name="QueryWeight">The query's weight.</param>
/// <param name="DocumentWeight">The document's indexed weight (impact × scale).</param>
/// <param name="Contribution">Their product.</param>
public readonly record struct MatchedTerm(string Retriever, string Token, int TermId, float QueryWeight, float DocumentWeight, float Contribution);

/// <summary>A weighted query term.</summary>
/// <param name="Retriever">The retriever it belongs to.</param>
/// <param name="Token">Vocabulary token.</param>
/// <param name="TermId">Vocabulary id.</param>
/// <param name="Weight">Query weight.</param>
public readonly record struct QueryTermWeight(string Retriever, string Token, int TermId, float Weight);

/// <summary>Milliseconds spent per phase.</summary>
/// <param name="EncodeMs">Query encoding (models, tokenizer, idf).</param>
/// <param name="SearchMs">Index search (postings and dense scans), exact-score fill-in included.</param>
/// <param name="FuseMs">Fusion.</param>
/// <param name="FetchMs">Stored fields and explanations.</param>
/// <param name="TotalMs">Wall time of the whole request.</param>
public readonly record struct SearchTimings(double EncodeMs, double SearchMs, double FuseMs, double FetchMs, double TotalMs);

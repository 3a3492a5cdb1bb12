namespace SparseSearch.Search.Query;

/// <summary>
/// One search, as the library, the CLI and the REST service all express it. Every field has a default, so
/// <c>new SearchRequest { Query = "…" }</c> is a sparse (model-encoded) top-10 search. Checked by
/// <see cref="SearchRequestValidator"/> against <see cref="SearchLimits"/> before anything runs.
/// </summary>
public sealed record SearchRequest
{
    /// <summary>The query text (non-empty after trimming; at most <see cref="SearchLimits.MaxQueryChars"/> characters).</summary>
    public required string Query { get; init; }

    /// <summary>The retrieval mode (default <see cref="QueryMode.Sparse"/>).</summary>
    public QueryMode Mode { get; init; } = QueryMode.Sparse;

    /// <summary>Hits to return, 1 ≤ k ≤ <see cref="SearchLimits.MaxK"/> (default 10).</summary>
    public int K { get; init; } = 10;

    /// <summary>Hybrid: candidates fetched per retriever before fusion, independent of <see cref="K"/> (default 1000;
    /// raised to K when smaller). Dense with int8 vectors: candidates re-scored in float.</summary>
    public int CandidateDepth { get; init; } = 1000;

    /// <summary>Hybrid with two retrievers and no explicit weights: the dense side's weight α in
    /// α·dense + (1 − α)·other (default 0.5).</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Hybrid: how the lists are fused (default min-max).</summary>
    public FusionMethod Fusion { get; init; } = FusionMethod.MinMax;

    /// <summary>Hybrid, convex fusion: the score of a document a retriever did not list (default: its exact score).</summary>
    public MissingScores MissingScores { get; init; } = MissingScores.Exact;

    /// <summary>Hybrid: the sparse-side mode fused with dense when <see cref="Retrievers"/> is not given
    /// (sparse, inference-free or bm25; default sparse).</summary>
    public QueryMode HybridSparseSide { get; init; } = QueryMode.Sparse;

    /// <summary>Hybrid: any set of retrievers with their weights (overrides α and <see cref="HybridSparseSide"/>),
    /// e.g. bm25 + sparse + dense. At most <see cref="SearchLimits.MaxRetrievers"/>, each mode once.</summary>
    public IReadOnlyList<RetrieverSpec>? Retrievers { get; init; }

    /// <summary>Inference-free: where the idf weights come from (default the model's idf.json).</summary>
    public IdfSource IdfSource { get; init; } = IdfSource.Model;

    /// <summary>Query pruning: keep only the n heaviest query terms (null = all), as OpenSearch's and
    /// Elasticsearch's token pruning. Applies to sparse and inference-free queries.</summary>
    public int? QueryTopTerms { get; init; }

    /// <summary>Query pruning: drop query terms lighter than this fraction of the heaviest one, in [0, 1)
    /// (null = keep all).</summary>
    public float? QueryMinWeightRatio { get; init; }

    /// <summary>Postings traversal (default rank-safe: exactly the exhaustive top k).</summary>
    public Traversal Traversal { get; init; } = Traversal.RankSafe;

    /// <summary>Approximate only: block upper bounds use the n heaviest query terms (null = all).</summary>
    public int? ApproximateTermCut { get; init; }

    /// <summary>Approximate only: a block is scored while factor × its bound reaches the k-th score, in (0, 1] (default
    /// 0.97, see <see cref="SearchOptions.BlockThresholdFactor"/>).</summary>
    public float ApproximateBlockFactor { get; init; } = 0.97f;

    /// <summary>Dense: search int8-quantised copies of the vectors, then re-score the best candidates with the float
    /// vectors (faster, tiny recall cost).</summary>
    public bool DenseInt8 { get; init; }

    /// <summary>Per hit: the matched terms (query weight × document weight) and each retriever's score.</summary>
    public bool Explain { get; init; }

    /// <summary>Stored fields to return per hit among <c>title</c>, <c>text</c>, <c>metadata</c> (null = title and a
    /// text snippet; an empty list = ids and scores only, no stored-field reads).</summary>
    public IReadOnlyList<string>? Fields { get; init; }

    /// <summary>Characters of text in the snippet when <see cref="Fields"/> is null (0 = no snippet; default 200).</summary>
    public int SnippetLength { get; init; } = 200;
}

namespace SparseSearch.Search.Query;

/// <summary>How a query finds documents.</summary>
public enum QueryMode
{
    /// <summary>The query is encoded by the index's SPLADE model (siamese) and searched over the impact postings.</summary>
    Sparse,

    /// <summary>No model at query time: the query's word pieces weighted by idf (the model's idf.json or the index's
    /// own document frequencies, see <see cref="IdfSource"/>), searched over the impact postings.</summary>
    InferenceFree,

    /// <summary>BM25 over the analysed text field (needs an index built with a BM25 field).</summary>
    Bm25,

    /// <summary>Exact search over the stored dense vectors with the query encoded by the index's dense model.</summary>
    Dense,

    /// <summary>Several retrievers fused (default: dense + sparse, min-max, α 0.5).</summary>
    Hybrid,
}

/// <summary>Where inference-free query weights come from.</summary>
public enum IdfSource
{
    /// <summary>The idf.json shipped with the model (OpenSearch doc-only style).</summary>
    Model,

    /// <summary>The index's own document frequencies: idf = ln(N / df) over the live documents of the snapshot.</summary>
    Index,
}

/// <summary>How hybrid retrievers' lists are combined.</summary>
public enum FusionMethod
{
    /// <summary>Convex combination of min-max normalised scores (default).</summary>
    MinMax,

    /// <summary>Convex combination of z-score normalised scores.</summary>
    ZScore,

    /// <summary>Reciprocal rank fusion, k = 60, on global ranks.</summary>
    Rrf,
}

/// <summary>How the impact postings are searched (sparse, inference-free and BM25 retrievers).</summary>
public enum Traversal
{
    /// <summary>Exactly the exhaustive top k, with block upper bounds (default).</summary>
    RankSafe,

    /// <summary>Faster, may miss documents; knobs in <see cref="SearchRequest.ApproximateTermCut"/> and
    /// <see cref="SearchRequest.ApproximateBlockFactor"/>.</summary>
    Approximate,

    /// <summary>Every posting of every query term (the reference scorer).</summary>
    Exhaustive,
}

/// <summary>Hybrid (convex fusion): the score a retriever gives a document it did not list.</summary>
public enum MissingScores
{
    /// <summary>The retriever's exact score for the document (forward index, stored vector or BM25 field),
    /// normalised with the list's own parameters: a document is never treated as scoring 0 (default).</summary>
    Exact,

    /// <summary>0 after normalisation, as the reference hybrids of REFERENCE_MODELS.md (and most fusion code) do;
    /// kept to reproduce those figures.</summary>
    Zero,
}

namespace SparseSearch.Search.Query;

/// <summary>One retriever of a hybrid query and its weight in the fused score.</summary>
/// <param name="Mode">A single-retriever mode: <see cref="QueryMode.Sparse"/>, <see cref="QueryMode.InferenceFree"/>,
/// <see cref="QueryMode.Bm25"/> or <see cref="QueryMode.Dense"/>.</param>
/// <param name="Weight">Weight of its normalised score (convex fusion) or of its reciprocal ranks (RRF); finite, ≥ 0.</param>
public sealed record RetrieverSpec(QueryMode Mode, double Weight = 1.0);

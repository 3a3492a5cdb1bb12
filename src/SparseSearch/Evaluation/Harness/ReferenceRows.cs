using SparseSearch.Search.Query;

namespace SparseSearch.Evaluation.Harness;

/// <summary>Maps query modes to the rows of <c>eval/reference/REFERENCE_MODELS.md</c> that measure the same thing.</summary>
public static class ReferenceRows
{
    /// <summary>The reference rows for a mode; <paramref name="fusion"/> (<c>minmax</c>, <c>zscore</c>, <c>rrf</c>) and <paramref name="sparseSide"/> (<c>sparse</c>, <c>bm25</c>) refine hybrids.</summary>
    public static IReadOnlyList<string> ForMode(string mode, string? fusion = null, string? sparseSide = null) => mode.ToLowerInvariant() switch
    {
        "bm25" => ["BM25, Lucene (Anserini 0.23 BeirFlat: EnglishAnalyzer, k1 .9, b .4)", "BM25 (plain: \\w+ lowercase tokens, no stemming/stopwords; k1 .9, b .4)"],
        "sparse" => ["splade-tiny, model-encoded queries"],
        "inference-free" => ["splade-tiny docs, inference-free queries (OpenSearch idf.json)", "splade-tiny docs, inference-free queries (idf = ln(N/df) over the doc vectors)"],
        "dense" => ["all-MiniLM-L6-v2 (cosine)"],
        "hybrid" => (fusion?.ToLowerInvariant(), sparseSide?.ToLowerInvariant()) switch
        {
            ("rrf", "bm25") => ["hybrid: dense + Lucene BM25, RRF k 60", "hybrid: dense + BM25, RRF k 60"],
            (_, "bm25") => ["hybrid: dense + Lucene BM25, min-max, α 0.5", "hybrid: dense + BM25, min-max, α 0.5"],
            ("rrf", _) => ["hybrid: dense + splade, RRF k 60"],
            _ => ["hybrid: dense + splade, min-max, α 0.5"],
        },
        _ => [],
    };

    /// <summary>
    /// The reference rows for a search request as the evaluation runs it: inference-free by idf source, hybrids by
    /// fusion and sparse side, the three-way bm25 + sparse + dense fusion by its own row.
    /// </summary>
    public static IReadOnlyList<string> ForRequest(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string fusion = QueryModeNames.Format(request.Fusion);
        switch (request.Mode)
        {
            case QueryMode.InferenceFree:
                var rows = ForMode("inference-free");
                return [rows[request.IdfSource == IdfSource.Index ? 1 : 0]];
            case QueryMode.Hybrid when request.Retrievers is { Count: > 0 } specs:
                if (specs.Count == 3 && fusion != "rrf" && Has(specs, QueryMode.Bm25)
                    && Has(specs, QueryMode.Sparse) && Has(specs, QueryMode.Dense))
                    return ["hybrid: Lucene BM25 + splade + dense, min-max, equal weights"];
                if (specs.Count == 2 && Has(specs, QueryMode.Dense))
                    foreach (var s in specs)
                        if (s.Mode != QueryMode.Dense)
                            return ForMode("hybrid", fusion, QueryModeNames.Format(s.Mode));
                return [];
            case QueryMode.Hybrid:
                return ForMode("hybrid", fusion, QueryModeNames.Format(request.HybridSparseSide));
            default:
                return ForMode(QueryModeNames.Format(request.Mode));
        }

        static bool Has(IReadOnlyList<RetrieverSpec> specs, QueryMode mode)
        {
            foreach (var s in specs)
                if (s.Mode == mode) return true;
            return false;
        }
    }
}

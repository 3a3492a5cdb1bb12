namespace SparseSearch.Search.Query;

/// <summary>The spellings of modes and fusion methods used on the command line and in JSON.</summary>
public static class QueryModeNames
{
    /// <summary>sparse, inference-free, bm25, dense, hybrid.</summary>
    public static string Format(QueryMode mode) => mode switch
    {
        QueryMode.Sparse => "sparse",
        QueryMode.InferenceFree => "inference-free",
        QueryMode.Bm25 => "bm25",
        QueryMode.Dense => "dense",
        QueryMode.Hybrid => "hybrid",
        _ => mode.ToString(),
    };

    /// <summary>Parses a mode (case-insensitive; <c>idf</c> is accepted for inference-free).</summary>
    public static bool TryParse(string? text, out QueryMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sparse": mode = QueryMode.Sparse; return true;
            case "inference-free" or "inference_free" or "idf": mode = QueryMode.InferenceFree; return true;
            case "bm25": mode = QueryMode.Bm25; return true;
            case "dense": mode = QueryMode.Dense; return true;
            case "hybrid": mode = QueryMode.Hybrid; return true;
            default: mode = default; return false;
        }
    }

    /// <summary>Parses a mode or throws naming the accepted values.</summary>
    public static QueryMode Parse(string text, string field = "mode") =>
        TryParse(text, out var m) ? m : throw new InvalidSearchRequestException(field, $"unknown mode \"{text}\"; expected sparse, inference-free, bm25, dense or hybrid.");

    /// <summary>minmax, zscore, rrf.</summary>
    public static string Format(FusionMethod fusion) => fusion switch
    {
        FusionMethod.MinMax => "minmax",
        FusionMethod.ZScore => "zscore",
        FusionMethod.Rrf => "rrf",
        _ => fusion.ToString(),
    };

    /// <summary>Parses a fusion method or throws naming the accepted values.</summary>
    public static FusionMethod ParseFusion(string text, string field = "fusion") => text.Trim().ToLowerInvariant() switch
    {
        "minmax" or "min-max" => FusionMethod.MinMax,
        "zscore" or "z-score" => FusionMethod.ZScore,
        "rrf" => FusionMethod.Rrf,
        _ => throw new InvalidSearchRequestException(field, $"unknown fusion \"{text}\"; expected minmax, zscore or rrf."),
    };
}

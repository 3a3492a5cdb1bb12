using System.Globalization;
using SparseSearch.Search.Query;

namespace SparseSearch.Server.Api;

/// <summary>
/// The v1 search request as JSON (POST /v1/search) or query string (GET /v1/search?q=…). Every field but the query is
/// optional; the engine's <see cref="SearchRequest"/> defaults apply. Limits are checked by the engine.
/// </summary>
public sealed class SearchRequestBody
{
    /// <summary>Query text (required).</summary>
    public string? Query { get; set; }
    /// <summary>Hits to return (1..1000, default 10).</summary>
    public int? K { get; set; }
    /// <summary>sparse (default), inference-free, bm25, dense or hybrid.</summary>
    public string? Mode { get; set; }
    /// <summary>Hybrid: weight of the dense side (default 0.5).</summary>
    public double? Alpha { get; set; }
    /// <summary>Hybrid: minmax (default), zscore or rrf.</summary>
    public string? Fusion { get; set; }
    /// <summary>Hybrid: the mode fused with dense (sparse, inference-free or bm25; default sparse).</summary>
    public string? SparseSide { get; set; }
    /// <summary>Hybrid: explicit retrievers and weights (overrides alpha and sparseSide).</summary>
    public List<RetrieverBody>? Retrievers { get; set; }
    /// <summary>Hybrid: candidates per retriever (default 1000).</summary>
    public int? CandidateDepth { get; set; }
    /// <summary>Per-hit matched terms and retriever scores.</summary>
    public bool? Explain { get; set; }
    /// <summary>Stored fields to return among title, text, metadata (default: title and a snippet).</summary>
    public List<string>? Fields { get; set; }
    /// <summary>Snippet length in characters (default 200).</summary>
    public int? SnippetLength { get; set; }
    /// <summary>Inference-free idf source: model (default) or index.</summary>
    public string? IdfSource { get; set; }
    /// <summary>Keep only the n heaviest query terms.</summary>
    public int? QueryTopTerms { get; set; }
    /// <summary>Drop query terms lighter than this fraction of the heaviest.</summary>
    public float? QueryMinWeightRatio { get; set; }
    /// <summary>rank-safe (default), approximate or exhaustive.</summary>
    public string? Traversal { get; set; }
    /// <summary>Dense: int8 search with float re-scoring.</summary>
    public bool? DenseInt8 { get; set; }

    /// <summary>One hybrid retriever.</summary>
    public sealed class RetrieverBody
    {
        /// <summary>sparse, inference-free, bm25 or dense.</summary>
        public string? Mode { get; set; }
        /// <summary>Weight (default 1).</summary>
        public double? Weight { get; set; }
    }

    /// <summary>The engine request; throws <see cref="InvalidSearchRequestException"/> naming the field at fault.</summary>
    public SearchRequest ToRequest()
    {
        if (Query is null) throw new InvalidSearchRequestException("query", "is required.");
        var r = new SearchRequest { Query = Query };
        if (K is { } k) r = r with { K = k };
        if (Mode is not null) r = r with { Mode = QueryModeNames.Parse(Mode) };
        if (Alpha is { } a) r = r with { Alpha = a };
        if (Fusion is not null) r = r with { Fusion = QueryModeNames.ParseFusion(Fusion) };
        if (SparseSide is not null) r = r with { HybridSparseSide = QueryModeNames.Parse(SparseSide, "sparseSide") };
        if (Retrievers is not null)
        {
            var list = new List<RetrieverSpec>(Retrievers.Count);
            for (int i = 0; i < Retrievers.Count; i++)
            {
                var b = Retrievers[i] ?? throw new InvalidSearchRequestException($"retrievers[{i}]", "must be an object.");
                if (b.Mode is null) throw new InvalidSearchRequestException($"retrievers[{i}].mode", "is required.");
                list.Add(new RetrieverSpec(QueryModeNames.Parse(b.Mode, $"retrievers[{i}].mode"), b.Weight ?? 1.0));
            }
            r = r with { Retrievers = list };
        }
        if (CandidateDepth is { } d) r = r with { CandidateDepth = d };
        if (Explain is { } e) r = r with { Explain = e };
        if (Fields is not null) r = r with { Fields = Fields };
        if (SnippetLength is { } s) r = r with { SnippetLength = s };
        if (IdfSource is not null)
            r = r with
            {
                IdfSource = IdfSource.Trim().ToLowerInvariant() switch
                {
                    "model" => Search.Query.IdfSource.Model,
                    "index" => Search.Query.IdfSource.Index,
                    _ => throw new InvalidSearchRequestException("idfSource", $"unknown value \"{IdfSource}\"; expected model or index."),
                },
            };
        if (QueryTopTerms is { } t) r = r with { QueryTopTerms = t };
        if (QueryMinWeightRatio is { } w) r = r with { QueryMinWeightRatio = w };
        if (Traversal is not null)
            r = r with
            {
                Traversal = Traversal.Trim().ToLowerInvariant() switch
                {
                    "rank-safe" or "ranksafe" => Search.Query.Traversal.RankSafe,
                    "approximate" => Search.Query.Traversal.Approximate,
                    "exhaustive" => Search.Query.Traversal.Exhaustive,
                    _ => throw new InvalidSearchRequestException("traversal", $"unknown value \"{Traversal}\"; expected rank-safe, approximate or exhaustive."),
                },
            };
        if (DenseInt8 is { } i8) r = r with { DenseInt8 = i8 };
        return r;
    }

    /// <summary>Reads the GET form: q, k, mode, alpha, fusion, sparseSide, candidateDepth, explain, fields (comma-separated), snippetLength.</summary>
    public static SearchRequestBody FromQuery(IQueryCollection q)
    {
        foreach (var key in q.Keys)
        {
            if (Array.IndexOf(QueryKeys, key) < 0)
                throw new InvalidSearchRequestException(key, $"unknown query parameter; expected one of {string.Join(", ", QueryKeys)}.");
        }
        return new SearchRequestBody
        {
            Query = q["q"].Count > 0 ? q["q"][0] : null,
            K = Int(q, "k"),
            Mode = Str(q, "mode"),
            Alpha = Double(q, "alpha"),
            Fusion = Str(q, "fusion"),
            SparseSide = Str(q, "sparseSide"),
            CandidateDepth = Int(q, "candidateDepth"),
            Explain = Bool(q, "explain"),
            Fields = Str(q, "fields") is { } f ? [.. f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null,
            SnippetLength = Int(q, "snippetLength"),
        };
    }

    private static readonly string[] QueryKeys = ["q", "k", "mode", "alpha", "fusion", "sparseSide", "candidateDepth", "explain", "fields", "snippetLength"];

    private static string? Str(IQueryCollection q, string key) => q[key].Count > 0 ? q[key][0] : null;

    private static int? Int(IQueryCollection q, string key) =>
        Str(q, key) is not { } s ? null
        : int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v
        : throw new InvalidSearchRequestException(key, $"\"{s}\" is not an integer.");

    private static double? Double(IQueryCollection q, string key) =>
        Str(q, key) is not { } s ? null
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new InvalidSearchRequestException(key, $"\"{s}\" is not a number.");

    private static bool? Bool(IQueryCollection q, string key) =>
        Str(q, key) is not { } s ? null
        : s is "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
        : s is "0" || s.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new InvalidSearchRequestException(key, $"\"{s}\" is not true or false.");
}

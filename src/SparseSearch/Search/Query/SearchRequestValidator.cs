namespace SparseSearch.Search.Query;

/// <summary>Checks a request against the rules and <see cref="SearchLimits"/> and resolves its retrievers.</summary>
public static class SearchRequestValidator
{
    private static readonly string[] KnownFields = ["title", "text", "metadata"];

    /// <summary>Throws <see cref="InvalidSearchRequestException"/> naming the first field at fault.</summary>
    public static void Validate(SearchRequest request, SearchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        limits ??= SearchLimits.Default;
        if (request.Query is null || request.Query.Trim().Length == 0)
            throw new InvalidSearchRequestException("query", "the query text is empty.");
        if (request.Query.Length > limits.MaxQueryChars)
            throw new InvalidSearchRequestException("query", $"the query has {request.Query.Length} characters; at most {limits.MaxQueryChars} are allowed.");
        if (!Enum.IsDefined(request.Mode))
            throw new InvalidSearchRequestException("mode", $"unknown mode {(int)request.Mode}.");
        if (request.K < 1 || request.K > limits.MaxK)
            throw new InvalidSearchRequestException("k", $"k is {request.K}; expected 1 to {limits.MaxK}.");
        if (request.CandidateDepth < 1 || request.CandidateDepth > limits.MaxCandidateDepth)
            throw new InvalidSearchRequestException("candidate_depth", $"the candidate depth is {request.CandidateDepth}; expected 1 to {limits.MaxCandidateDepth}.");
        if (!(request.Alpha >= 0 && request.Alpha <= 1))
            throw new InvalidSearchRequestException("alpha", $"α is {request.Alpha}; expected a number in [0, 1] (the dense side's weight).");
        if (!Enum.IsDefined(request.Fusion))
            throw new InvalidSearchRequestException("fusion", $"unknown fusion {(int)request.Fusion}.");
        if (request.HybridSparseSide is not (QueryMode.Sparse or QueryMode.InferenceFree or QueryMode.Bm25))
            throw new InvalidSearchRequestException("hybrid_sparse_side", $"the hybrid sparse side is {QueryModeNames.Format(request.HybridSparseSide)}; expected sparse, inference-free or bm25.");
        if (request.QueryTopTerms is { } top && top < 1)
            throw new InvalidSearchRequestException("query_top_terms", $"is {top}; expected a positive number of terms.");
        if (request.QueryMinWeightRatio is { } ratio && !(ratio >= 0f && ratio < 1f))
            throw new InvalidSearchRequestException("query_min_weight_ratio", $"is {ratio}; expected a fraction in [0, 1).");
        if (!Enum.IsDefined(request.Traversal))
            throw new InvalidSearchRequestException("traversal", $"unknown traversal {(int)request.Traversal}.");
        if (request.ApproximateTermCut is { } cut && cut < 1)
            throw new InvalidSearchRequestException("approximate_term_cut", $"is {cut}; expected a positive number of terms.");
        if (!(request.ApproximateBlockFactor > 0f && request.ApproximateBlockFactor <= 1f))
            throw new InvalidSearchRequestException("approximate_block_factor", $"is {request.ApproximateBlockFactor}; expected a number in (0, 1].");
        if (request.SnippetLength < 0 || request.SnippetLength > limits.MaxSnippetLength)
            throw new InvalidSearchRequestException("snippet_length", $"is {request.SnippetLength}; expected 0 to {limits.MaxSnippetLength}.");
        if (request.Fields is { } fields)
        {
            foreach (var f in fields)
                if (Array.IndexOf(KnownFields, f) < 0)
                    throw new InvalidSearchRequestException("fields", $"unknown stored field \"{f}\"; expected title, text or metadata.");
        }
        if (request.Retrievers is { } retrievers)
        {
            if (request.Mode != QueryMode.Hybrid)
                throw new InvalidSearchRequestException("retrievers", $"retrievers are only for mode hybrid, not {QueryModeNames.Format(request.Mode)}.");
            if (retrievers.Count < 1 || retrievers.Count > limits.MaxRetrievers)
                throw new InvalidSearchRequestException("retrievers", $"{retrievers.Count} retrievers given; expected 1 to {limits.MaxRetrievers}.");
            var seen = new HashSet<QueryMode>();
            double total = 0;
            foreach (var r in retrievers)
            {
                if (r is null)
                    throw new InvalidSearchRequestException("retrievers", "a retriever entry is null.");
                if (r.Mode is QueryMode.Hybrid || !Enum.IsDefined(r.Mode))
                    throw new InvalidSearchRequestException("retrievers", $"a retriever's mode must be sparse, inference-free, bm25 or dense, not {QueryModeNames.Format(r.Mode)}.");
                if (!seen.Add(r.Mode))
                    throw new InvalidSearchRequestException("retrievers", $"{QueryModeNames.Format(r.Mode)} is listed twice.");
                if (!double.IsFinite(r.Weight) || r.Weight < 0)
                    throw new InvalidSearchRequestException("retrievers", $"{QueryModeNames.Format(r.Mode)} has weight {r.Weight}; expected a finite number ≥ 0.");
                total += r.Weight;
            }
            if (!(total > 0))
                throw new InvalidSearchRequestException("retrievers", "every weight is 0; at least one retriever needs a positive weight.");
        }
    }

    /// <summary>
    /// The retrievers a valid request runs, with their weights: the mode itself (weight 1) for a single mode; for
    /// hybrid, the explicit list, or dense (α) + the sparse side (1 − α).
    /// </summary>
    public static IReadOnlyList<RetrieverSpec> ResolveRetrievers(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode != QueryMode.Hybrid)
            return [new RetrieverSpec(request.Mode, 1.0)];
        if (request.Retrievers is { } explicitList)
            return explicitList;
        return [new RetrieverSpec(QueryMode.Dense, request.Alpha), new RetrieverSpec(request.HybridSparseSide, 1 - request.Alpha)];
    }
}

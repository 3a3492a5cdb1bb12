namespace SparseSearch.Search.Query;

/// <summary>A request that breaks a rule or a limit; the message names the field and what was expected.</summary>
public sealed class InvalidSearchRequestException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="field"/>.</summary>
    public InvalidSearchRequestException(string field, string message) : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The request field at fault, spelled as in the JSON request (e.g. <c>k</c>, <c>query</c>,
    /// <c>candidate_depth</c>, <c>retrievers</c>).</summary>
    public string Field { get; }
}

/// <summary>A mode the index cannot serve (e.g. bm25 without a BM25 field, dense without vectors or a dense model).</summary>
public sealed class ModeNotSupportedException : NotSupportedException
{
    /// <summary>Creates the error.</summary>
    public ModeNotSupportedException(QueryMode mode, string reason) : base($"Mode {QueryModeNames.Format(mode)} is not available: {reason}")
    {
        Mode = mode;
    }

    /// <summary>The mode asked for.</summary>
    public QueryMode Mode { get; }
}

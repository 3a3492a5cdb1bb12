namespace SparseSearch.Service;

/// <summary>A bulk upsert refused before anything was written: every problem, each naming the item (0-based) and the rule.</summary>
public sealed class InvalidDocumentException : ArgumentException
{
    /// <summary>Creates the error from its problems.</summary>
    public InvalidDocumentException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} documents are invalid; first: {problems[0]}")
    {
        Problems = problems;
    }

    /// <summary>Each problem, e.g. <c>item 3 (id "x"): title and text are both empty</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>The service cannot take the operation now or at all (shutting down, no model for writes); the message says why.</summary>
public sealed class ServiceUnavailableException : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public ServiceUnavailableException(string message) : base(message) { }
}

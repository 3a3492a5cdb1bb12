namespace SparseSearch.Indexing;

/// <summary>Why an input line was not indexed. Every skipped line is reported with its number and one of these.</summary>
public enum SkipReason
{
    /// <summary>The line is not valid JSON (or not a JSON object).</summary>
    MalformedJson,

    /// <summary>The line holds bytes that are not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>No id field, or an empty one.</summary>
    MissingId,

    /// <summary>The id is neither a string nor a number.</summary>
    BadId,

    /// <summary>The title or text field is present but not a string.</summary>
    NonStringText,

    /// <summary>A pre-encoded vector is malformed (wrong type, negative weight, repeated token...).</summary>
    BadVector,

    /// <summary>A pre-encoded token is not in the sparse model's vocabulary.</summary>
    UnknownToken,

    /// <summary>The dense pre-encoded file has no vector for this id.</summary>
    MissingDenseVector,
}

/// <summary>One skipped input line.</summary>
/// <param name="Line">1-based line number in the input file.</param>
/// <param name="Reason">The category.</param>
/// <param name="Message">What was wrong and what was expected.</param>
public sealed record SkippedLine(long Line, SkipReason Reason, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {Message}";
}

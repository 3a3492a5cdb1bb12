namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>What is wrong with a pre-encoded line, so a caller can classify it without reading the message.</summary>
public enum PreEncodedProblem
{
    /// <summary>Not valid JSON, or not a JSON object.</summary>
    MalformedJson,

    /// <summary>No <c>id</c>, or an empty one.</summary>
    MissingId,

    /// <summary>The <c>id</c> is neither a string nor a number.</summary>
    BadId,

    /// <summary><c>contents</c> is present but not a string.</summary>
    BadContents,

    /// <summary>No <c>vector</c>, or a malformed one: wrong type, a bad weight or component, a repeated token, the wrong dimension.</summary>
    BadVector,

    /// <summary>A token is not in the model vocabulary (the vectors would come from another model).</summary>
    UnknownToken,
}

/// <summary>Why one pre-encoded line was rejected.</summary>
/// <param name="Problem">The kind of problem.</param>
/// <param name="Message">What was wrong and what was expected (without file or line: the reader adds those).</param>
/// <param name="Token">The offending token, for <see cref="PreEncodedProblem.UnknownToken"/>.</param>
/// <param name="Id">The line's id when it was read before the problem was found.</param>
/// <param name="Inner">The JSON parser's exception, for <see cref="PreEncodedProblem.MalformedJson"/>.</param>
public sealed record PreEncodedLineError(PreEncodedProblem Problem, string Message, string? Token = null, string? Id = null, Exception? Inner = null);

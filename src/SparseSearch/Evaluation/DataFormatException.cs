namespace SparseSearch.Evaluation;

/// <summary>One malformed input line: the file, its 1-based line number and what was expected.</summary>
/// <param name="FilePath">The file being read.</param>
/// <param name="LineNumber">1-based line number (0 when the problem concerns the whole file).</param>
/// <param name="Reason">What was wrong and what was expected.</param>
public sealed record DataFormatError(string FilePath, long LineNumber, string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        LineNumber > 0 ? $"{FilePath}:{LineNumber}: {Reason}" : $"{FilePath}: {Reason}";
}

/// <summary>
/// Thrown when an evaluation input file (corpus, queries, qrels, run, pre-encoded vectors) holds a line that
/// does not follow its format. The message names the file, the line and what was expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for one bad line.</summary>
    public DataFormatException(DataFormatError error, Exception? inner = null)
        : base(error.ToString(), inner)
    {
        Error = error;
    }

    /// <summary>Creates the exception for one bad line.</summary>
    public DataFormatException(string filePath, long lineNumber, string reason, Exception? inner = null)
        : this(new DataFormatError(filePath, lineNumber, reason), inner)
    {
    }

    /// <summary>The offending file, line and reason.</summary>
    public DataFormatError Error { get; }

    /// <summary>The file being read.</summary>
    public string FilePath => Error.FilePath;

    /// <summary>1-based line number of the bad line (0 for whole-file problems).</summary>
    public long LineNumber => Error.LineNumber;

    /// <summary>What was wrong and what was expected.</summary>
    public string Reason => Error.Reason;
}

/// <summary>
/// What a line-oriented reader does with a bad line: throw a <see cref="DataFormatException"/> (the default, when no
/// handler is given) or hand the error to the handler and go on with the next line. Either way nothing is dropped silently.
/// </summary>
public delegate void BadLineHandler(DataFormatError error);

internal static class BadLines
{
    /// <summary>Throws when there is no handler, otherwise reports the error and returns so the caller skips the line.</summary>
    public static void Report(BadLineHandler? handler, string path, long line, string reason, Exception? inner = null)
    {
        var error = new DataFormatError(path, line, reason);
        if (handler is null)
            throw new DataFormatException(error, inner);
        handler(error);
    }
}

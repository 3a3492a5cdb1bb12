namespace SparseSearch.Indexing;

/// <summary>How a run ended.</summary>
public enum IndexingOutcome
{
    /// <summary>The whole input was consumed and committed.</summary>
    Completed,

    /// <summary>Stopped on request (Ctrl-C); everything read before the stop that was encoded is committed.</summary>
    Interrupted,

    /// <summary>The document limit was reached; a rerun continues after it.</summary>
    LimitReached,

    /// <summary>The index already held the whole input: nothing to do.</summary>
    AlreadyComplete,
}

/// <summary>The summary of one run.</summary>
public sealed record IndexingReport
{
    /// <summary>How the run ended.</summary>
    public required IndexingOutcome Outcome { get; init; }

    /// <summary>Counts of this run.</summary>
    public required IndexingTotals Run { get; init; }

    /// <summary>Counts over every run on this input (this one included).</summary>
    public required IndexingTotals AllRuns { get; init; }

    /// <summary>Input lines committed before this run started (0 for a fresh index).</summary>
    public long ResumedAfterLine { get; init; }

    /// <summary>Whether the index holds this input's documents only: this run, or the first run on this input that it
    /// continues, started from an empty index (a new one, or <c>--restart</c>).</summary>
    public bool FromEmpty { get; init; }

    /// <summary>Input lines committed when the run ended.</summary>
    public long LinesDone { get; init; }

    /// <summary>Skipped lines of this run, in order (at most <see cref="IndexingOptions.MaxReportedSkips"/>).</summary>
    public required IReadOnlyList<SkippedLine> Skipped { get; init; }

    /// <summary>Skipped lines of this run by reason.</summary>
    public required IReadOnlyDictionary<SkipReason, long> SkippedByReason { get; init; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Wall { get; init; }

    /// <summary>Time spent reading and parsing input (overlaps with the others).</summary>
    public TimeSpan Read { get; init; }

    /// <summary>Time spent in the field builders (tokenize + model runs), per builder name.</summary>
    public required IReadOnlyDictionary<string, TimeSpan> Encode { get; init; }

    /// <summary>Total of <see cref="Encode"/>.</summary>
    public TimeSpan EncodeTotal { get; init; }

    /// <summary>Time spent in the index writer (upserts, flushes, commits).</summary>
    public TimeSpan Index { get; init; }

    /// <summary>Commits made by this run.</summary>
    public int Commits { get; init; }

    /// <summary>Size of the index directory on disk at the end (bytes).</summary>
    public long IndexBytes { get; init; }

    /// <summary>The index's impact scale.</summary>
    public float? ImpactScale { get; init; }

    /// <summary>Weights stored as 255 because they exceeded 255 × scale (this run).</summary>
    public long SaturatedWeights { get; init; }
}

/// <summary>A live view of a running run, for progress bars.</summary>
/// <param name="Indexed">Documents written by this run.</param>
/// <param name="Skipped">Lines skipped by this run.</param>
/// <param name="Duplicates">Updates of an existing id.</param>
/// <param name="Truncated">Documents cut by a model.</param>
/// <param name="BytesRead">Input file bytes consumed by the reader.</param>
/// <param name="BytesTotal">Input file size.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Commits">Commits so far.</param>
public readonly record struct IndexingProgress(long Indexed, long Skipped, long Duplicates, long Truncated, long BytesRead, long BytesTotal, TimeSpan Elapsed, int Commits);

/// <summary>A run could not start or continue (bad index directory, input/model mismatch...). The message says what to do.</summary>
public sealed class IndexingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexingException(string message, Exception? inner = null) : base(message, inner) { }
}

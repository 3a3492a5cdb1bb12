namespace SparseSearch.Indexing;

/// <summary>Whether <c>sparsesearch index</c> optimizes the index (<see cref="SparseSearch.Index.IndexOptimizer"/>: one
/// segment, reordered into 4-document blocks) after a run: the <c>--optimize</c> option.</summary>
public enum OptimizeMode
{
    /// <summary>After a completed run that built the index from empty (see <see cref="IndexingReport.FromEmpty"/>).</summary>
    Auto,

    /// <summary>After any completed run (also one that found the input already indexed).</summary>
    Always,

    /// <summary>Never: the index keeps the writer's segments.</summary>
    Never,
}

/// <summary>What to do after a run, and why (the reason is shown to the user when nothing is done).</summary>
/// <param name="Optimize">Whether to optimize now.</param>
/// <param name="Reason">Why (not): one short sentence.</param>
public readonly record struct OptimizeDecision(bool Optimize, string Reason);

/// <summary>
/// The rule behind <see cref="OptimizeMode"/>. Optimizing rewrites the whole index, so <see cref="OptimizeMode.Auto"/>
/// only pays it when the run produced the whole index anyway (a new build, <c>--restart</c>, or the continuation of
/// one): the index would otherwise stay on the slow 64-document unreordered layout. Appending to an index that holds
/// other documents is left to an explicit <c>optimize</c>, and a run that stopped early (interrupted, limit reached) is
/// not finished, so optimizing it would be rewritten again by the rerun's merges.
/// </summary>
public static class OptimizeAfterIndexing
{
    /// <summary>Decides for a run that returned <paramref name="report"/>.</summary>
    public static OptimizeDecision Decide(OptimizeMode mode, IndexingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (mode == OptimizeMode.Never)
            return new(false, "--optimize never");
        switch (report.Outcome)
        {
            case IndexingOutcome.Interrupted:
            case IndexingOutcome.LimitReached:
                return new(false, "the run did not finish the input");
            case IndexingOutcome.AlreadyComplete:
                return mode == OptimizeMode.Always
                    ? new(true, "--optimize always")
                    : new(false, "nothing was indexed");
        }
        if (mode == OptimizeMode.Always)
            return new(true, "--optimize always");
        return report.FromEmpty
            ? new(true, "the run built the index from empty")
            : new(false, "added to an index that held other documents (run `sparsesearch optimize`, or pass --optimize always)");
    }
}

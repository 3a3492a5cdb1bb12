using System.Globalization;
using SparseSearch.Indexing;
using Spectre.Console;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// Shows an <see cref="IndexingRun"/>'s progress on stderr while it runs: a live Spectre.Console bar (documents, docs/s,
/// skipped, ETA from the share of the input file read) on a terminal, one plain line every 10 s otherwise (logs, CI).
/// </summary>
internal static class IndexProgressView
{
    public static T Show<T>(Func<Action<IndexingRun>, T> work)
    {
        IndexingRun? run = null;
        var job = Task.Run(() => work(r => Volatile.Write(ref run, r)));
        if (Console.IsErrorRedirected)
        {
            var last = DateTime.UtcNow;
            while (!Finished(job, 250))
            {
                if (DateTime.UtcNow - last < TimeSpan.FromSeconds(10) || Volatile.Read(ref run) is not { } r) continue;
                last = DateTime.UtcNow;
                Console.Error.WriteLine(Line(r.Progress));
            }
            return job.GetAwaiter().GetResult();
        }
        // No bar until the run has passed its index and model checks and opened the input: a refusal prints alone.
        while (!Finished(job, 50) && (Volatile.Read(ref run) is not { } started || started.Progress.BytesTotal == 0)) { }
        if (job.IsCompleted) return job.GetAwaiter().GetResult();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: 1);
                while (!Finished(job, 200))
                {
                    if (Volatile.Read(ref run) is not { } r) continue;
                    var p = r.Progress;
                    task.MaxValue = Math.Max(1, p.BytesTotal);
                    task.Value = Math.Min(p.BytesRead, task.MaxValue);
                    task.Description = Markup.Escape(Describe(p));
                }
                if (Volatile.Read(ref run) is { } done)
                {
                    var p = done.Progress;
                    task.Value = task.MaxValue;
                    task.Description = Markup.Escape(Describe(p));
                }
                task.StopTask();
            });
        return job.GetAwaiter().GetResult();
    }

    /// <summary>Waits up to <paramref name="ms"/> without throwing: a failed run's exception surfaces, unwrapped, from
    /// GetResult after the display is closed.</summary>
    private static bool Finished(Task job, int ms)
    {
        ((IAsyncResult)job).AsyncWaitHandle.WaitOne(ms);
        return job.IsCompleted;
    }

    private static string Describe(IndexingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Indexed:N0} docs  {Rate(p):F1} docs/s  {p.Skipped:N0} skipped  {p.Commits} commits");

    private static double Rate(IndexingProgress p) => p.Elapsed.TotalSeconds > 0 ? p.Indexed / p.Elapsed.TotalSeconds : 0;

    private static string Line(IndexingProgress p)
    {
        double share = p.BytesTotal > 0 ? (double)p.BytesRead / p.BytesTotal : 0;
        string eta = share > 0.001 ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - share) / share).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"indexing: {p.Indexed:N0} docs, {Rate(p):F1} docs/s, {p.Skipped:N0} skipped, {share:P0} of input read, ETA {eta}");
    }
}

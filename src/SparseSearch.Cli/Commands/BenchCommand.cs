using System.CommandLine;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench</c>: parent of the benchmark subcommands (each in its own Bench*Command.cs).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: throughput and latency measurements.");
        foreach (var sub in Subcommands())
            command.Subcommands.Add(sub);
        return command;
    }

    private static IEnumerable<Command> Subcommands()
    {
        yield return BenchEncodeCommand.Create();
        yield return BenchIndexCommand.Create();
        yield return BenchServeCommand.Create();
        yield return BenchIndexingCommand.Create();
        yield return BenchQueryCommand.Create();
        yield return BenchFusionCommand.Create();
        yield return BenchBm25Command.Create();
    }
}

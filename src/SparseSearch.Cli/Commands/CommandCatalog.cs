using System.CommandLine;

namespace SparseSearch.Cli.Commands;

/// <summary>The list of top-level commands; each command is built in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return VersionCommand.Create();
        yield return CheckCommand.Create();
        yield return EncodeCommand.Create();
        yield return BenchCommand.Create();
        yield return CrashWriterCommand.Create();
        yield return ServeCommand.Create();
        yield return IndexCommand.Create();
        yield return OptimizeCommand.Create();
        yield return ExportCommand.Create();
        yield return SearchCommand.Create();
        yield return EvalCommand.Create();
    }
}

using System.CommandLine;
using System.Reflection;

namespace SparseSearch.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the engine version and runtime.");
        command.SetAction(_ =>
        {
            var version = typeof(SparseSearch.Encoding.SparseVector).Assembly.GetName().Version;
            Console.WriteLine($"sparsesearch {version} on .NET {Environment.Version} ({Environment.ProcessorCount} cores)");
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using SparseSearch.Cli.Commands;

namespace SparseSearch.Cli;

/// <summary>Entry point of the <c>sparsesearch</c> command: parsing only, every command lives in Commands/.</summary>
public static class Program
{
    /// <summary>Builds the command tree; tests call this to run commands in-process.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("SparseSearch: a learned-sparse-retrieval search engine.");
        foreach (var command in CommandCatalog.Create())
            root.Subcommands.Add(command);
        return root;
    }

    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}

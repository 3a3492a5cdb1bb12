namespace SparseSearch.Server;

/// <summary>
/// Entry point of the stand-alone server (<c>dotnet SparseSearch.Server.dll --SparseSearch:IndexDirectory=DIR --urls
/// http://127.0.0.1:8080</c>); <c>sparsesearch serve</c> runs the same host through <see cref="ServerHost.Run"/>.
/// Namespaced (not a global <c>Program</c>) so it never shadows the CLI's <c>Program</c> in assemblies that see both.
/// </summary>
public sealed class Program
{
    private Program() { }

    /// <summary>Runs the server until SIGTERM / Ctrl-C.</summary>
    public static int Main(string[] args) => ServerHost.Run(args);
}

using System.Diagnostics;

namespace SparseSearch.Tests;

/// <summary>Runs the <c>sparsesearch</c> CLI built next to the tests as its own process, in the repository root: the
/// exit code, stdout and stderr are the interface under test (an in-process run would share static console state and
/// could not be killed).</summary>
internal static class CliProcess
{
    /// <summary>The start info of a CLI child process (output redirected; wide console so tables do not wrap).</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sparsesearch.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COLUMNS"] = "200";
        return psi;
    }

    /// <summary>Runs the CLI to completion.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Process.Start(StartInfo(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}

using System.CommandLine;
using SparseSearch.Index.Check;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch check --index DIR</c>: verifies every checksum and structural invariant of an index.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var index = new Option<string>("--index") { Description = "Index directory to verify.", Required = true };
        var command = new Command("check", "Verify an index: every file's checksum and the structural invariants. Exit code 1 on any problem.");
        command.Options.Add(index);
        command.SetAction(parse =>
        {
            var report = IndexChecker.Check(parse.GetValue(index)!);
            foreach (var line in report.Lines)
                Console.WriteLine(line);
            foreach (var problem in report.Problems)
                Console.Error.WriteLine("PROBLEM " + problem);
            Console.WriteLine(report.Ok
                ? $"OK: commit {report.Generation}, {report.LiveDocs} live documents, no problems."
                : $"FAILED: {report.Problems.Count} problem(s).");
            return report.Ok ? 0 : 1;
        });
        return command;
    }
}

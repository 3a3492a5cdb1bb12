using System.CommandLine;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Reports;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch eval compare RUN_A RUN_B --qrels FILE</c>: per-measure difference (B − A) with a paired randomisation test.</summary>
internal static class EvalCompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("run-a") { Description = "Baseline TREC run file." };
        var b = new Argument<string>("run-b") { Description = "TREC run file compared with it." };
        var qrels = new Option<string>("--qrels") { Description = "Judgments (BEIR qrels/<split>.tsv with a header line, or TREC qrels).", Required = true };
        var permutations = new Option<int>("--permutations") { Description = "Random sign flips of the test.", DefaultValueFactory = _ => Evaluation.Significance.PairedRandomizationTest.DefaultPermutations };
        var output = new Option<string?>("--out") { Description = "Also write the markdown report to this file." };
        var command = new Command("compare", "Compare two runs: each measure's mean for A and B, B − A, and the two-sided paired randomisation test p-value.");
        command.Arguments.Add(a);
        command.Arguments.Add(b);
        foreach (var opt in new Option[] { qrels, permutations, output })
            command.Options.Add(opt);
        command.SetAction(parse => EvalOptions.Run(() =>
        {
            string runA = parse.GetValue(a)!, runB = parse.GetValue(b)!;
            int n = parse.GetValue(permutations);
            if (n < 1) throw new FormatException("--permutations must be at least 1.");
            var comparisons = RunComparison.CompareFiles(parse.GetValue(qrels)!, runA, runB, permutations: n);
            string md = ComparisonReportWriter.Render(runA, runB, comparisons) + $"\nCommand: `{EvalOptions.CommandLine()}`\n";
            Console.WriteLine(md);
            if (parse.GetValue(output) is { } path)
            {
                ReportFiles.WriteText(path, md);
                Console.WriteLine($"wrote {path}");
            }
            return 0;
        }));
        return command;
    }
}

using SparseSearch.Evaluation.Reports;
using SparseSearch.Evaluation.Runs;

namespace SparseSearch.Evaluation.Harness;

/// <summary>Writes the four outputs of an evaluation into one folder.</summary>
public static class EvaluationOutputs
{
    /// <summary>File names inside the output folder.</summary>
    public const string RunFile = "run.trec", MetricsFile = "metrics.json", PerQueryFile = "per_query.csv", ReportFile = "report.md";

    /// <summary>
    /// Writes <c>run.trec</c> (<see cref="TrecRunWriter"/>), <c>metrics.json</c> (<see cref="MetricsJsonWriter"/>),
    /// <c>per_query.csv</c> (<see cref="PerQueryCsvWriter"/>) and <c>report.md</c> (<see cref="EvaluationReportWriter"/>,
    /// beside <paramref name="reference"/> when given) into <paramref name="outDir"/>, creating it.
    /// </summary>
    public static void WriteAll(EvaluationOutcome outcome, string outDir, ReferenceTable? reference = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Directory.CreateDirectory(outDir);
        TrecRunWriter.Write(outcome.Run, Path.Combine(outDir, RunFile), outcome.Settings.Depth);
        MetricsJsonWriter.Write(outcome, Path.Combine(outDir, MetricsFile));
        PerQueryCsvWriter.Write(outcome.Result, Path.Combine(outDir, PerQueryFile));
        EvaluationReportWriter.Write(outcome, Path.Combine(outDir, ReportFile), reference);
    }
}

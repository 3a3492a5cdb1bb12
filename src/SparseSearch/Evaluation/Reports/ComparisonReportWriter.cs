using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Significance;

namespace SparseSearch.Evaluation.Reports;

/// <summary>Writes the markdown of <c>eval compare A B</c>: per measure, both means, B − A and the paired randomisation p-value.</summary>
public static class ComparisonReportWriter
{
    /// <summary>Renders the markdown.</summary>
    public static string Render(string nameA, string nameB, IReadOnlyList<PairedComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {nameB} against {nameA}\n\n");
        if (comparisons.Count > 0)
            sb.Append(CultureInfo.InvariantCulture,
                $"Paired randomisation test, two-sided, {comparisons[0].Permutations} random sign flips, {comparisons[0].Queries} judged queries.\n\n");
        sb.Append("| measure | A | B | B − A | p |\n|---|---|---|---|---|\n");
        foreach (var c in comparisons)
            sb.Append(CultureInfo.InvariantCulture,
                $"| {c.Metric.Label} | {c.MeanA:F4} | {c.MeanB:F4} | {c.Difference:+0.0000;-0.0000;±0.0000} | {c.PValue:0.0000}{(c.PValue < 0.05 ? " *" : "")} |\n");
        sb.Append(CultureInfo.InvariantCulture, $"\nA = {nameA}, B = {nameB}; * p < 0.05.\n");
        return sb.ToString();
    }

    /// <summary>Writes the markdown file.</summary>
    public static void Write(string path, string nameA, string nameB, IReadOnlyList<PairedComparison> comparisons) =>
        ReportFiles.WriteText(path, Render(nameA, nameB, comparisons));
}

using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Reports;

/// <summary>
/// Writes <c>report.md</c>: what was run (dataset, mode, models, parameters, depth, latency, command), the
/// measures, and the measures beside the matching rows of a reference table (<see cref="ReferenceTable"/>), with
/// the difference to each.
/// </summary>
public static class EvaluationReportWriter
{
    /// <summary>Renders the markdown.</summary>
    public static string Render(EvaluationOutcome outcome, ReferenceTable? reference = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Settings;
        var r = outcome.Result;
        var t = outcome.Timing;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {s.Dataset} ({s.Split}): mode `{s.Mode}`\n\n");
        sb.Append("| | |\n|---|---|\n");
        sb.Append(CultureInfo.InvariantCulture, $"| queries | {r.QueryIds.Count} judged ({r.QueriesWithoutResults} without results, {r.UnjudgedRunQueries} unjudged ignored) |\n");
        if (s.Models.Count > 0)
            sb.Append("| models | ").Append(JoinMap(s.Models)).Append(" |\n");
        if (s.Parameters.Count > 0)
            sb.Append("| parameters | ").Append(JoinMap(s.Parameters)).Append(" |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| depth | {s.Depth} per query |\n");
        sb.Append(CultureInfo.InvariantCulture, $"| latency | p50 {t.P50Ms:F2} ms, p95 {t.P95Ms:F2} ms, mean {t.MeanMs:F2} ms; {t.TotalSeconds:F1} s for all queries |\n");
        if (s.Command is not null)
            sb.Append("| command | `").Append(s.Command.Replace("|", "\\|")).Append("` |\n");
        sb.Append("\nMeasures with trec_eval semantics (score desc, then doc id desc; gain = grade, log2 discount; ")
          .Append("judged queries without results count 0; documents with the query's id dropped), means over the judged queries.\n\n");

        sb.Append('|');
        foreach (var m in r.Metrics)
            sb.Append(' ').Append(m.Label).Append(" |");
        sb.Append("\n|");
        foreach (var _ in r.Metrics)
            sb.Append("---|");
        sb.Append("\n|");
        foreach (var m in r.Metrics)
            sb.Append(CultureInfo.InvariantCulture, $" {r.Mean(m):F4} |");
        sb.Append('\n');

        if (reference is not null)
            AppendReference(sb, outcome, reference);
        return sb.ToString();
    }

    /// <summary>Writes the report file.</summary>
    public static void Write(EvaluationOutcome outcome, string path, ReferenceTable? reference = null) =>
        ReportFiles.WriteText(path, Render(outcome, reference));

    private static void AppendReference(StringBuilder sb, EvaluationOutcome outcome, ReferenceTable reference)
    {
        var s = outcome.Settings;
        var measures = reference.MeasuresFor(s.Dataset);
        var rows = new List<string>();
        var wanted = s.ReferenceRuns.Count > 0 ? s.ReferenceRuns
            : ReferenceRows.ForMode(s.Mode, Lookup(s.Parameters, "fusion"), Lookup(s.Parameters, "sparse-side"));
        foreach (var name in wanted)
            if (reference.HasRun(name))
                rows.Add(name);
        sb.Append(CultureInfo.InvariantCulture, $"\n## Beside the reference ({Path.GetFileName(reference.Source)})\n\n");
        if (measures.Count == 0 || rows.Count == 0)
        {
            sb.Append(measures.Count == 0
                ? $"The reference table has no column for dataset `{s.Dataset}`.\n"
                : $"The reference table has no row for mode `{s.Mode}`.\n");
            return;
        }
        var ours = new double?[measures.Count];
        for (int i = 0; i < measures.Count; i++)
            ours[i] = FindMetric(outcome.Result, measures[i]) is { } m ? outcome.Result.Mean(m) : null;

        sb.Append("| run |");
        foreach (var m in measures)
            sb.Append(' ').Append(m).Append(" |");
        sb.Append("\n|---|");
        foreach (var _ in measures)
            sb.Append("---|");
        sb.Append("\n| **this run** |");
        foreach (var v in ours)
            sb.Append(v is double d ? string.Create(CultureInfo.InvariantCulture, $" **{d:F4}** |") : " – |");
        sb.Append('\n');
        foreach (var row in rows)
        {
            sb.Append("| ").Append(row).Append(" |");
            for (int i = 0; i < measures.Count; i++)
            {
                var refValue = reference.Get(row, s.Dataset, measures[i]);
                if (refValue is null)
                    sb.Append(" – |");
                else if (ours[i] is double d)
                    sb.Append(CultureInfo.InvariantCulture, $" {refValue:F4} (ours {d - refValue.Value:+0.0000;-0.0000;±0.0000}) |");
                else
                    sb.Append(CultureInfo.InvariantCulture, $" {refValue:F4} |");
            }
            sb.Append('\n');
        }
    }

    private static Metric? FindMetric(EvaluationResult result, string label)
    {
        foreach (var m in result.Metrics)
            if (string.Equals(m.Label, label, StringComparison.OrdinalIgnoreCase) || string.Equals(m.Name, label, StringComparison.OrdinalIgnoreCase))
                return m;
        return null;
    }

    private static string? Lookup(IReadOnlyDictionary<string, string> map, string key) => map.TryGetValue(key, out var v) ? v : null;

    private static string JoinMap(IReadOnlyDictionary<string, string> map)
    {
        var keys = new List<string>(map.Keys);
        keys.Sort(StringComparer.Ordinal);
        var parts = new List<string>(keys.Count);
        foreach (var k in keys)
            parts.Add($"{k}: {map[k]}");
        return string.Join("; ", parts).Replace("|", "\\|");
    }
}

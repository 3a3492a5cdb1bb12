using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Reports;

/// <summary>
/// Writes the outputs of <c>eval sweep</c>: <c>sweep.md</c> (one row per α plus RRF, every measure, the best α
/// marked), <c>ndcg10-vs-alpha.svg</c> (nDCG@10 against α, RRF and any reference rows as dashed lines) and
/// <c>sweep.json</c>:
/// <code>
/// { "dataset": "scifact", "split": "test", "normalization": "MinMax", "depth": 1000, "query_count": 300,
///   "points": [ { "setting": "α 0", "alpha": 0, "ndcg@10": …, … }, … ],
///   "rrf": { "setting": "RRF k 60", "k": 60, "ndcg@10": …, … } }
/// </code>
/// </summary>
public static class SweepReportWriter
{
    /// <summary>File names inside the output folder.</summary>
    public const string ReportFile = "sweep.md", PlotFile = "ndcg10-vs-alpha.svg", JsonFile = "sweep.json";

    /// <summary>Renders sweep.json.</summary>
    public static string RenderJson(SweepOutcome sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        using var ms = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(ms, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", sweep.Settings.Dataset);
            w.WriteString("split", sweep.Settings.Split);
            w.WriteString("normalization", sweep.Normalization.ToString());
            w.WriteNumber("depth", sweep.Settings.Depth);
            w.WriteNumber("query_count", sweep.Rrf.Result.QueryIds.Count);
            w.WriteStartArray("points");
            foreach (var p in sweep.Points)
                WritePoint(w, p, "alpha", p.Alpha!.Value);
            w.WriteEndArray();
            w.WritePropertyName("rrf");
            WritePoint(w, sweep.Rrf, "k", Search.Fusion.ReciprocalRankFusion.DefaultK);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void WritePoint(System.Text.Json.Utf8JsonWriter w, SweepPoint p, string parameter, double value)
    {
        w.WriteStartObject();
        w.WriteString("setting", p.Label);
        w.WriteNumber(parameter, value);
        foreach (var m in p.Result.Metrics)
            w.WriteNumber(m.Name, p.Result.Mean(m));
        w.WriteEndObject();
    }

    /// <summary>Renders the markdown table.</summary>
    public static string Render(SweepOutcome sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var s = sweep.Settings;
        var metrics = sweep.Rrf.Result.Metrics;
        var primary = metrics.Contains(Metric.Ndcg10) ? Metric.Ndcg10 : metrics[0];
        var best = sweep.Best(primary);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {s.Dataset} ({s.Split}): hybrid sweep, {sweep.Normalization} fusion, α on the dense side\n\n");
        if (s.Models.Count > 0)
        {
            var keys = new List<string>(s.Models.Keys);
            keys.Sort(StringComparer.Ordinal);
            var parts = new List<string>();
            foreach (var k in keys)
                parts.Add($"{k}: {s.Models[k]}");
            sb.Append("Models: ").Append(string.Join("; ", parts)).Append(". ");
        }
        sb.Append(CultureInfo.InvariantCulture, $"Depth {s.Depth}; {sweep.Rrf.Result.QueryIds.Count} judged queries. ");
        sb.Append(CultureInfo.InvariantCulture, $"Best {primary.Label}: {best.Label} ({best.Result.Mean(primary):F4}).\n");
        if (s.Command is not null)
            sb.Append("\nCommand: `").Append(s.Command).Append("`\n");
        sb.Append("\n| setting |");
        foreach (var m in metrics)
            sb.Append(' ').Append(m.Label).Append(" |");
        sb.Append("\n|---|");
        foreach (var _ in metrics)
            sb.Append("---|");
        sb.Append('\n');
        foreach (var p in sweep.Points)
            AppendRow(sb, p, metrics, p == best);
        AppendRow(sb, sweep.Rrf, metrics, false);
        sb.Append(CultureInfo.InvariantCulture, $"\n![{primary.Label} against α]({PlotFile})\n");
        return sb.ToString();
    }

    /// <summary>Renders the plot of nDCG@10 against α; <paramref name="references"/> adds dashed lines (e.g. published figures).</summary>
    public static string RenderPlot(SweepOutcome sweep, IReadOnlyList<PlotReferenceLine>? references = null)
    {
        var metric = Metric.Ndcg10;
        var pts = new List<(double, double)>();
        foreach (var p in sweep.Points)
            pts.Add((p.Alpha!.Value, p.Result.Mean(metric)));
        var lines = new List<PlotReferenceLine> { new(sweep.Rrf.Label, sweep.Rrf.Result.Mean(metric)) };
        if (references is not null)
            lines.AddRange(references);
        return SvgLinePlot.Render($"{sweep.Settings.Dataset}: {metric.Label} against α ({sweep.Normalization})",
            "α (weight of the dense side)", metric.Label, [new PlotSeries(sweep.Normalization.ToString(), pts)], lines);
    }

    /// <summary>Writes <see cref="ReportFile"/>, <see cref="PlotFile"/> and <see cref="JsonFile"/> into <paramref name="outDir"/>.</summary>
    public static void WriteAll(SweepOutcome sweep, string outDir, IReadOnlyList<PlotReferenceLine>? references = null)
    {
        Directory.CreateDirectory(outDir);
        ReportFiles.WriteText(Path.Combine(outDir, ReportFile), Render(sweep));
        ReportFiles.WriteText(Path.Combine(outDir, PlotFile), RenderPlot(sweep, references));
        ReportFiles.WriteText(Path.Combine(outDir, JsonFile), RenderJson(sweep));
    }

    private static void AppendRow(StringBuilder sb, SweepPoint p, IReadOnlyList<Metric> metrics, bool bold)
    {
        sb.Append("| ").Append(bold ? "**" + p.Label + "**" : p.Label).Append(" |");
        foreach (var m in metrics)
            sb.Append(CultureInfo.InvariantCulture, $" {p.Result.Mean(m):F4} |");
        sb.Append('\n');
    }
}

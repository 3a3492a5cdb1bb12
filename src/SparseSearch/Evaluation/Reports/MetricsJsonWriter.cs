
using System.Text.Json;
using SparseSearch.Evaluation.Harness;

namespace SparseSearch.Evaluation.Reports;

/// <summary>
/// Writes <c>metrics.json</c>. Format (one object, UTF-8, indented):
/// <code>
/// {
///   "dataset": "scifact", "split": "test", "mode": "hybrid",
///   "models": { "dense": "all-MiniLM-L6-v2", "sparse": "splade-tiny" },
///   "parameters": { "fusion": "minmax", "alpha": "0.5" },
///   "depth": 1000, "query_count": 300, "queries_without_results": 0,
///   "ndcg@10": 0.7153, "ndcg@100": …, "recall@100": …, "recall@1000": …, "mrr@10": …, "map@1000": …, "p@10": …,
///   "timing": { "total_seconds": …, "query_ms_mean": …, "query_ms_p50": …, "query_ms_p95": …, "queries_per_second": … }
/// }
/// </code>
/// Measure keys are <see cref="Metrics.Metric.Name"/>, flat at the top level, values unrounded means over the judged queries.
/// </summary>
public static class MetricsJsonWriter
{
    /// <summary>Renders the JSON text.</summary>
    public static string Render(EvaluationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var s = outcome.Settings;
        var r = outcome.Result;
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", s.Dataset);
            w.WriteString("split", s.Split);
            w.WriteString("mode", s.Mode);
            WriteMap(w, "models", s.Models);
            WriteMap(w, "parameters", s.Parameters);
            w.WriteNumber("depth", s.Depth);
            w.WriteNumber("query_count", r.QueryIds.Count);
            w.WriteNumber("queries_without_results", r.QueriesWithoutResults);
            foreach (var m in r.Metrics)
                w.WriteNumber(m.Name, r.Mean(m));
            w.WriteStartObject("timing");
            w.WriteNumber("total_seconds", Math.Round(outcome.Timing.TotalSeconds, 3));
            w.WriteNumber("query_ms_mean", Math.Round(outcome.Timing.MeanMs, 3));
            w.WriteNumber("query_ms_p50", Math.Round(outcome.Timing.P50Ms, 3));
            w.WriteNumber("query_ms_p95", Math.Round(outcome.Timing.P95Ms, 3));
            w.WriteNumber("queries_per_second", Math.Round(outcome.Timing.QueriesPerSecond, 2));
            w.WriteEndObject();
            if (s.Command is not null)
                w.WriteString("command", s.Command);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Writes the JSON file.</summary>
    public static void Write(EvaluationOutcome outcome, string path) => ReportFiles.WriteText(path, Render(outcome));

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        var keys = new List<string>(map.Keys);
        keys.Sort(StringComparer.Ordinal);
        foreach (var k in keys)
            w.WriteString(k, map[k]);
        w.WriteEndObject();
    }
}

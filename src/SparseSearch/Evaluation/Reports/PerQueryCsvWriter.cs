using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Reports;

/// <summary>
/// Writes <c>per_query.csv</c>. Format: a header <c>query_id,&lt;measure names…&gt;,retrieved,relevant,relevant_retrieved</c>,
/// then one row per judged query in qrels order; values in round-trip precision, invariant culture. Query ids that
/// contain a comma or quote are quoted (RFC 4180).
/// </summary>
public static class PerQueryCsvWriter
{
    /// <summary>Renders the CSV text.</summary>
    public static string Render(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append("query_id");
        foreach (var m in result.Metrics)
            sb.Append(',').Append(m.Name);
        sb.Append(",retrieved,relevant,relevant_retrieved\n");
        var columns = new double[result.Metrics.Count][];
        for (int m = 0; m < columns.Length; m++)
            columns[m] = result.PerQuery(result.Metrics[m]).ToArray();
        for (int q = 0; q < result.QueryIds.Count; q++)
        {
            sb.Append(Quote(result.QueryIds[q]));
            for (int m = 0; m < columns.Length; m++)
                sb.Append(',').Append(columns[m][q].ToString("R", CultureInfo.InvariantCulture));
            var c = result.Counts[q];
            sb.Append(CultureInfo.InvariantCulture, $",{c.Retrieved},{c.Relevant},{c.RelevantRetrieved}\n");
        }
        return sb.ToString();
    }

    /// <summary>Writes the CSV file.</summary>
    public static void Write(EvaluationResult result, string path) => ReportFiles.WriteText(path, Render(result));

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

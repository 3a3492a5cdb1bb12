using System.Globalization;
using System.Text;

namespace SparseSearch.Evaluation.Runs;

/// <summary>
/// Writes TREC run files.
/// <para>Format: one line per retrieved document, <c>qid Q0 docid rank score tag</c>, single spaces, UTF-8, <c>\n</c>.
/// Queries appear in the run's order; within a query, lines are in trec_eval order (score descending, then doc id
/// descending) with ranks from 1, so the rank column agrees with how trec_eval will rank the lines.</para>
/// <para>Scores are written in the shortest text that reads back to the same value: for a score that is exactly a
/// float (everything a retriever returns), the float's round-trip form, which preserves every ordering and tie among
/// floats; otherwise the double's round-trip form.</para>
/// </summary>
public static class TrecRunWriter
{
    /// <summary>Writes the run to a file (replacing it), optionally keeping only the top <paramref name="depth"/> per query.</summary>
    public static void Write(TrecRun run, string path, int depth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(run);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            Write(run, writer, depth);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Writes the run to a text writer.</summary>
    public static void Write(TrecRun run, TextWriter writer, int depth = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var qid in run.QueryIds)
        {
            var entries = new List<RunEntry>(run.For(qid));
            TrecOrder.Sort(entries);
            int n = Math.Min(depth, entries.Count);
            for (int i = 0; i < n; i++)
            {
                var e = entries[i];
                writer.Write(qid);
                writer.Write(" Q0 ");
                writer.Write(e.DocId);
                writer.Write(' ');
                writer.Write((i + 1).ToString(CultureInfo.InvariantCulture));
                writer.Write(' ');
                writer.Write(FormatScore(e.Score));
                writer.Write(' ');
                writer.Write(run.Tag);
                writer.Write('\n');
            }
        }
    }

    /// <summary>The score text used in run files (see the class remarks).</summary>
    public static string FormatScore(double score)
    {
        float f = (float)score;
        return (double)f == score
            ? f.ToString("R", CultureInfo.InvariantCulture)
            : score.ToString("R", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace SparseSearch.Evaluation.Runs;

/// <summary>
/// Reads a TREC run file (format in <see cref="TrecRunWriter"/>): six fields per line split on any run of spaces or
/// tabs; the Q0 and rank fields are ignored as by trec_eval. Blank lines and lines starting with <c>#</c> are
/// skipped (trec_eval 10 allows comments). A wrong field count, an unparsable or non-finite score, or a document
/// repeated within a query (trec_eval refuses such runs: "duplicate docs") is reported with its line number:
/// thrown as <see cref="DataFormatException"/>, or passed to the handler and the line skipped.
/// </summary>
public static class TrecRunReader
{
    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>Reads a whole run file; the tag is taken from the first line.</summary>
    public static TrecRun Read(string path, BadLineHandler? onBadLine = null)
    {
        TrecRun? run = null;
        using var reader = new StreamReader(InputFile.OpenRead(path));
        long lineNo = 0;
        string? text;
        while ((text = InputFile.ReadLine(reader, path, lineNo)) is not null)
        {
            lineNo++;
            var trimmed = text.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
                continue;
            var f = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 6)
            {
                BadLines.Report(onBadLine, path, lineNo, $"expected 6 fields \"qid Q0 docid rank score tag\", found {f.Length}");
                continue;
            }
            if (!double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !double.IsFinite(score))
            {
                BadLines.Report(onBadLine, path, lineNo, $"score \"{f[4]}\" is not a finite number");
                continue;
            }
            run ??= new TrecRun(f[5]);
            if (!run.TryAdd(f[0], f[2], score))
                BadLines.Report(onBadLine, path, lineNo, $"document {f[2]} appears twice for query {f[0]} (trec_eval rejects duplicate docs)");
        }
        return run ?? new TrecRun();
    }
}

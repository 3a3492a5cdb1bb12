using System.Globalization;
using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Beir;

/// <summary>
/// Reads relevance judgments. Two layouts are accepted, fields split on tabs or spaces:
/// <list type="bullet">
/// <item>BEIR <c>qrels/&lt;split&gt;.tsv</c>: <c>query-id corpus-id score</c>, with a header line (recognised because its
/// score field is not a number);</item>
/// <item>TREC qrels: <c>qid iter docno rel</c> (the iteration field is ignored).</item>
/// </list>
/// Grades are integers (an integral decimal such as <c>1.0</c> is accepted). A line with another field count, a
/// non-integer grade, a header anywhere but the first line, or a repeated (query, document) pair is reported with
/// its line number: thrown as <see cref="DataFormatException"/>, or passed to the handler and skipped.
/// </summary>
public static class QrelsReader
{
    private static readonly char[] Separators = [' ', '\t'];

    /// <summary>Reads the whole file.</summary>
    public static Qrels Read(string path, BadLineHandler? onBadLine = null)
    {
        var qrels = new Qrels();
        using var reader = new StreamReader(InputFile.OpenRead(path));
        long lineNo = 0;
        bool sawData = false;
        string? text;
        while ((text = InputFile.ReadLine(reader, path, lineNo)) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var fields = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is not (3 or 4))
            {
                BadLines.Report(onBadLine, path, lineNo, $"expected 3 fields (query-id corpus-id score) or 4 (qid iter docno rel), found {fields.Length}");
                continue;
            }
            string query = fields[0], doc = fields[fields.Length - 2], gradeText = fields[fields.Length - 1];
            if (!TryParseGrade(gradeText, out int grade))
            {
                if (!sawData && !IsNumber(gradeText))
                {
                    sawData = true; // the header: only the first non-blank line may be one
                    continue;
                }
                BadLines.Report(onBadLine, path, lineNo, $"relevance grade \"{gradeText}\" is not an integer");
                continue;
            }
            sawData = true;
            if (!qrels.TryAdd(query, doc, grade))
                BadLines.Report(onBadLine, path, lineNo, $"query {query} judges document {doc} twice");
        }
        return qrels;
    }

    private static bool TryParseGrade(string s, out int grade)
    {
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out grade))
            return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            grade = (int)d;
            return true;
        }
        return false;
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}

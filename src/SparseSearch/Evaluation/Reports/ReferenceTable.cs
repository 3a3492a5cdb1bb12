using System.Globalization;

namespace SparseSearch.Evaluation.Reports;

/// <summary>
/// A reference table read from markdown, such as <c>eval/reference/REFERENCE_MODELS.md</c>: the first pipe table of
/// the file, the first column naming the run, every other header naming a dataset and a measure
/// (<c>scifact nDCG@10</c>, <c>cranfield R@100</c>). Cells that are not numbers are kept as missing.
/// </summary>
public sealed class ReferenceTable
{
    private readonly List<(string Dataset, string Measure)> _columns;
    private readonly List<(string Run, double?[] Values)> _rows;

    private ReferenceTable(string source, List<(string, string)> columns, List<(string, double?[])> rows)
    {
        Source = source;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>Where the table came from (file path or label).</summary>
    public string Source { get; }

    /// <summary>Run names (first column), in table order.</summary>
    public IEnumerable<string> RunNames
    {
        get
        {
            foreach (var r in _rows)
                yield return r.Run;
        }
    }

    /// <summary>The measure labels the table has for a dataset (e.g. <c>nDCG@10</c>, <c>R@100</c>), in column order.</summary>
    public List<string> MeasuresFor(string dataset)
    {
        var list = new List<string>();
        foreach (var (d, m) in _columns)
            if (string.Equals(d, dataset, StringComparison.OrdinalIgnoreCase))
                list.Add(m);
        return list;
    }

    /// <summary>The value of a run for a dataset and measure label, or null when the table does not have it.</summary>
    public double? Get(string run, string dataset, string measure)
    {
        int col = -1;
        for (int c = 0; c < _columns.Count; c++)
            if (string.Equals(_columns[c].Dataset, dataset, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(_columns[c].Measure, measure, StringComparison.OrdinalIgnoreCase))
                col = c;
        if (col < 0)
            return null;
        foreach (var (name, values) in _rows)
            if (string.Equals(name, run, StringComparison.OrdinalIgnoreCase))
                return values[col];
        return null;
    }

    /// <summary>True when the table has a row with this exact run name (case-insensitive).</summary>
    public bool HasRun(string run)
    {
        foreach (var r in _rows)
            if (string.Equals(r.Run, run, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    /// <summary>Reads the first pipe table of a markdown file.</summary>
    public static ReferenceTable Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses the first pipe table of markdown text.</summary>
    /// <exception cref="DataFormatException">No table, a header cell that is not "dataset measure", or a row with the wrong number of cells.</exception>
    public static ReferenceTable Parse(string markdown, string source = "<markdown>")
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Split('\n');
        int start = -1;
        for (int i = 0; i + 1 < lines.Length; i++)
            if (lines[i].TrimStart().StartsWith('|') && IsSeparator(lines[i + 1]))
            {
                start = i;
                break;
            }
        if (start < 0)
            throw new DataFormatException(source, 0, "no markdown table (a header row followed by a |---| row) found");

        var header = Cells(lines[start]);
        var columns = new List<(string, string)>();
        for (int c = 1; c < header.Count; c++)
        {
            var parts = header[c].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
                throw new DataFormatException(source, start + 1, $"header cell \"{header[c]}\" is not \"<dataset> <measure>\"");
            columns.Add((parts[0], parts[1]));
        }
        var rows = new List<(string, double?[])>();
        for (int i = start + 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            var cells = Cells(lines[i]);
            if (cells.Count != header.Count)
                throw new DataFormatException(source, i + 1, $"row has {cells.Count} cells, the header {header.Count}");
            var values = new double?[columns.Count];
            for (int c = 1; c < cells.Count; c++)
                values[c - 1] = double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            rows.Add((cells[0], values));
        }
        return new ReferenceTable(source, columns, rows);
    }

    private static bool IsSeparator(string line)
    {
        var t = line.Trim();
        if (!t.StartsWith('|'))
            return false;
        foreach (var ch in t)
            if (ch is not ('|' or '-' or ':' or ' '))
                return false;
        return t.Contains('-');
    }

    private static List<string> Cells(string line)
    {
        var t = line.Trim();
        if (t.StartsWith('|'))
            t = t[1..];
        if (t.EndsWith('|'))
            t = t[..^1];
        var cells = new List<string>();
        foreach (var c in t.Split('|'))
            cells.Add(c.Trim());
        return cells;
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace SparseSearch.Evaluation.Reports;

/// <summary>One line of a plot.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Points">(x, y) points, drawn in order.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A horizontal reference line (e.g. RRF's value, or a published figure).</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Y">Its height.</param>
public sealed record PlotReferenceLine(string Name, double Y);

/// <summary>
/// Writes a line plot as plain SVG 1.1 text (no dependency): axes with ticks, one polyline with point markers per
/// series, dashed horizontal reference lines, and a legend. Used for nDCG@10 against α in <c>eval sweep</c>.
/// </summary>
public static class SvgLinePlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"];
    private const int Width = 720, Height = 440, Left = 70, Right = 220, Top = 40, Bottom = 55;

    /// <summary>Renders the plot to SVG text.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, IReadOnlyList<PlotReferenceLine>? references = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        references ??= [];
        double xMin = double.MaxValue, xMax = double.MinValue, yMin = double.MaxValue, yMax = double.MinValue;
        foreach (var s in series)
            foreach (var (x, y) in s.Points)
            {
                xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
            }
        foreach (var r in references)
        {
            yMin = Math.Min(yMin, r.Y);
            yMax = Math.Max(yMax, r.Y);
        }
        if (xMin > xMax) { xMin = 0; xMax = 1; }
        if (yMin > yMax) { yMin = 0; yMax = 1; }
        if (xMax == xMin) { xMin -= 0.5; xMax += 0.5; }
        double pad = Math.Max((yMax - yMin) * 0.08, 0.005);
        yMin -= pad; yMax += pad;
        double yStep = NiceStep((yMax - yMin) / 5), xStep = NiceStep((xMax - xMin) / 10);
        yMin = Math.Floor(yMin / yStep) * yStep;
        yMax = Math.Ceiling(yMax / yStep) * yStep;

        int plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double Px(double x) => Left + (x - xMin) / (xMax - xMin) * plotW;
        double Py(double y) => Top + (yMax - y) / (yMax - yMin) * plotH;

        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        sb.Append(Inv($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        sb.Append(Inv($"<text x=\"{Left + plotW / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Esc(title)}</text>\n"));
        // grid and ticks
        for (double y = yMin; y <= yMax + yStep / 2; y += yStep)
        {
            sb.Append(Inv($"<line x1=\"{Left}\" y1=\"{Py(y):F1}\" x2=\"{Left + plotW}\" y2=\"{Py(y):F1}\" stroke=\"#e5e5e5\"/>\n"));
            sb.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Py(y) + 4:F1}\" text-anchor=\"end\">{Fmt(y, yStep)}</text>\n"));
        }
        for (double x = Math.Ceiling(xMin / xStep) * xStep; x <= xMax + xStep / 2; x += xStep)
        {
            sb.Append(Inv($"<line x1=\"{Px(x):F1}\" y1=\"{Top + plotH}\" x2=\"{Px(x):F1}\" y2=\"{Top + plotH + 5}\" stroke=\"black\"/>\n"));
            sb.Append(Inv($"<text x=\"{Px(x):F1}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{Fmt(x, xStep)}</text>\n"));
        }
        sb.Append(Inv($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"black\"/>\n"));
        sb.Append(Inv($"<text x=\"{Left + plotW / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Esc(xLabel)}</text>\n"));
        sb.Append(Inv($"<text x=\"16\" y=\"{Top + plotH / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {Top + plotH / 2})\">{Esc(yLabel)}</text>\n"));

        int legendY = Top + 10, colour = 0;
        foreach (var s in series)
        {
            string c = Palette[colour++ % Palette.Length];
            var pts = new StringBuilder();
            foreach (var (x, y) in s.Points)
                pts.Append(Inv($"{Px(x):F1},{Py(y):F1} "));
            sb.Append(Inv($"<polyline fill=\"none\" stroke=\"{c}\" stroke-width=\"2\" points=\"{pts.ToString().TrimEnd()}\"/>\n"));
            foreach (var (x, y) in s.Points)
                sb.Append(Inv($"<circle cx=\"{Px(x):F1}\" cy=\"{Py(y):F1}\" r=\"3\" fill=\"{c}\"><title>{Esc(s.Name)}: x={x:G6}, y={y:F4}</title></circle>\n"));
            legendY = Legend(sb, legendY, c, s.Name, dashed: false);
        }
        foreach (var r in references)
        {
            string c = Palette[colour++ % Palette.Length];
            sb.Append(Inv($"<line x1=\"{Left}\" y1=\"{Py(r.Y):F1}\" x2=\"{Left + plotW}\" y2=\"{Py(r.Y):F1}\" stroke=\"{c}\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>\n"));
            legendY = Legend(sb, legendY, c, $"{r.Name} ({r.Y:F4})", dashed: true);
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Renders and writes the plot to a file.</summary>
    public static void Write(string path, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, IReadOnlyList<PlotReferenceLine>? references = null) =>
        ReportFiles.WriteText(path, Render(title, xLabel, yLabel, series, references));

    private static int Legend(StringBuilder sb, int y, string colour, string label, bool dashed)
    {
        int x = Width - Right + 15;
        sb.Append(Inv($"<line x1=\"{x}\" y1=\"{y}\" x2=\"{x + 24}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\"{(dashed ? " stroke-dasharray=\"6,4\"" : "")}/>\n"));
        sb.Append(Inv($"<text x=\"{x + 30}\" y=\"{y + 4}\">{Esc(label)}</text>\n"));
        return y + 20;
    }

    private static double NiceStep(double raw)
    {
        if (!(raw > 0))
            return 1;
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    private static string Fmt(double v, double step)
    {
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step)));
        return Math.Round(v, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

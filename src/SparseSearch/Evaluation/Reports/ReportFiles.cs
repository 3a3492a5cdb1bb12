using System.Text;

namespace SparseSearch.Evaluation.Reports;

/// <summary>Writes report files durably: UTF-8 without BOM, to a temp file that is flushed to disk and then renamed over the target.</summary>
public static class ReportFiles
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, creating the folder.</summary>
    public static void WriteText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            fs.Write(bytes);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, full, overwrite: true);
    }
}

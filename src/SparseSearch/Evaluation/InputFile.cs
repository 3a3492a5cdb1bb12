using System.IO.Compression;

namespace SparseSearch.Evaluation;

/// <summary>Opens evaluation inputs for sequential reading, decompressing <c>.gz</c> files on the fly.</summary>
public static class InputFile
{
    /// <summary>Opens <paramref name="path"/>; a name ending in <c>.gz</c> is read through gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Input file not found: {path}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        return file;
    }

    /// <summary>Returns <paramref name="path"/> if it exists, else <paramref name="path"/>.gz if that exists, else <paramref name="path"/>.</summary>
    public static string PreferExisting(string path) =>
        File.Exists(path) ? path : File.Exists(path + ".gz") ? path + ".gz" : path;

    /// <summary>Reads a line, turning a corrupt-gzip failure into a <see cref="DataFormatException"/> naming the file.</summary>
    internal static string? ReadLine(StreamReader reader, string path, long linesRead)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, linesRead + 1, "corrupt compressed data: " + e.Message, e);
        }
    }
}

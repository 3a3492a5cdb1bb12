using System.IO.Compression;

namespace SparseSearch.Indexing;

/// <summary>
/// An input file opened for sequential reading (<c>.gz</c> decompressed on the fly) that exposes how far into the file
/// (compressed bytes) reading has got, so a progress bar can estimate the remaining time without a first pass.
/// </summary>
public sealed class InputProgress : IDisposable
{
    private readonly FileStream _file;

    private InputProgress(FileStream file, Stream stream)
    {
        _file = file;
        Stream = stream;
        Length = file.Length;
    }

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist (the message names it).</exception>
    public static InputProgress Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Input file not found: {Path.GetFullPath(path)}", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)
            : file;
        return new InputProgress(file, stream);
    }

    /// <summary>The (decompressed) content stream.</summary>
    public Stream Stream { get; }

    /// <summary>File size in bytes (compressed size for <c>.gz</c>).</summary>
    public long Length { get; }

    /// <summary>File bytes consumed so far (read from another thread: a slightly stale value is fine for progress).</summary>
    public long Position
    {
        get
        {
            try { return _file.Position; }
            catch (ObjectDisposedException) { return Length; }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!ReferenceEquals(Stream, _file)) Stream.Dispose();
        _file.Dispose();
    }
}

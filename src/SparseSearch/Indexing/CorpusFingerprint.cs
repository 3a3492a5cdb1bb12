using System.Security.Cryptography;

namespace SparseSearch.Indexing;

/// <summary>
/// Identifies an input file cheaply enough to check on every resume: full path, size, and the SHA-256 of its first
/// <see cref="HeadBytes"/> bytes. A file that was edited, replaced, appended to or truncated (size changes) or
/// rewritten at the start is seen as another corpus; an in-place edit past the head with the same size is not
/// detected (hashing a multi-GB corpus on every resume would cost more than the check is worth).
/// </summary>
/// <param name="Path">Full path.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="HeadSha256">Lowercase hex SHA-256 of the first <see cref="HeadBytes"/> bytes.</param>
public sealed record CorpusFingerprint(string Path, long Size, string HeadSha256)
{
    /// <summary>Bytes hashed from the start of the file.</summary>
    public const int HeadBytes = 1 << 20;

    /// <summary>Fingerprints <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CorpusFingerprint Of(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"Input file not found: {full}", full);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
        var head = new byte[(int)Math.Min(HeadBytes, stream.Length)];
        stream.ReadExactly(head);
        return new CorpusFingerprint(full, stream.Length, Convert.ToHexStringLower(SHA256.HashData(head)));
    }

    /// <summary>What differs from <paramref name="other"/>, or null when they match.</summary>
    public string? Difference(CorpusFingerprint other)
    {
        if (Path != other.Path) return $"path {other.Path} instead of {Path}";
        if (Size != other.Size) return $"{Path} is {other.Size} bytes now, {Size} bytes when the index was built";
        if (HeadSha256 != other.HeadSha256) return $"the first bytes of {Path} changed since the index was built";
        return null;
    }
}

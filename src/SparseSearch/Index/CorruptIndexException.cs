namespace SparseSearch.Index;

/// <summary>An index file failed a checksum or structural check. <see cref="FileName"/> names the file.</summary>
public sealed class CorruptIndexException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> with a reason.</summary>
    public CorruptIndexException(string filePath, string reason, Exception? inner = null)
        : base($"Corrupt index file {filePath}: {reason}", inner)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>Full path of the corrupt file.</summary>
    public string FilePath { get; }

    /// <summary>File name only (e.g. <c>seg_3.pst</c>).</summary>
    public string FileName => Path.GetFileName(FilePath);

    /// <summary>What was wrong.</summary>
    public string Reason { get; }
}

/// <summary>Another <see cref="IndexWriter"/> holds the index's write lock.</summary>
public sealed class IndexLockedException : IOException
{
    /// <summary>Creates the exception naming the lock file and its holder (as recorded by the holder).</summary>
    public IndexLockedException(string lockPath, string holder)
        : base($"Index is locked by another writer ({holder}); lock file {lockPath}.")
    {
        LockPath = lockPath;
        Holder = holder;
    }

    /// <summary>Path of the lock file.</summary>
    public string LockPath { get; }

    /// <summary>Holder description: pid, host and acquisition time, or "unknown".</summary>
    public string Holder { get; }
}

using SparseSearch.Index.Commit;

namespace SparseSearch.Index;

/// <summary>No commit was found in the directory.</summary>
public sealed class IndexNotFoundException : IOException
{
    /// <summary>Creates the exception for <paramref name="directory"/>.</summary>
    public IndexNotFoundException(string directory)
        : base($"No index found in {directory} (no commit_N file).") => Directory = directory;

    /// <summary>The directory that holds no index.</summary>
    public string Directory { get; }
}

/// <summary>Options for opening snapshots.</summary>
public sealed record IndexReaderOptions
{
    /// <summary>Verify every file's CRC-32C when it is first opened (default true: a corrupt file is reported instead of
    /// answering wrongly; costs one sequential read of each new segment).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Read each segment's postings and forward index into memory (advised for transparent huge pages on
    /// Linux) instead of mapping them: no page faults on the first queries after opening, and fewer TLB misses on
    /// every query, for memory equal to those files' size (default false: mapped, paged in by use).</summary>
    public bool Preload { get; init; }
}

/// <summary>Opens snapshots of an index directory without a writer (another process may be writing).</summary>
public static class IndexReader
{
    /// <summary>Opens the latest commit of <paramref name="directory"/>.</summary>
    /// <exception cref="IndexNotFoundException">No commit in the directory.</exception>
    /// <exception cref="CorruptIndexException">A file of the commit is corrupt or missing.</exception>
    public static IndexSnapshot Open(string directory, IndexReaderOptions? options = null)
    {
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new IndexNotFoundException(directory);
        return new DirectorySnapshotSource(directory, options ?? new IndexReaderOptions()).OpenLatest(null);
    }

    /// <summary>Reads the schema and user data of the latest commit without opening segments.</summary>
    public static (IndexSchema Schema, IReadOnlyDictionary<string, string> UserData, long Generation) ReadLatestCommit(string directory)
    {
        long gen = CommitFile.LatestGeneration(directory);
        if (gen < 0)
            throw new IndexNotFoundException(directory);
        var c = CommitFile.Read(directory, gen);
        return (c.Schema, c.UserData, c.Generation);
    }

    private sealed class DirectorySnapshotSource(string directory, IndexReaderOptions options) : ISnapshotSource
    {
        public long LatestGeneration() => CommitFile.LatestGeneration(directory);

        public IndexSnapshot OpenLatest(IndexSnapshot? previous)
        {
            // A writer in another process may delete the files of a commit superseded while we open it: retry on the
            // newer commit (as Lucene does). A missing file of the latest commit is corruption.
            for (int attempt = 0; ; attempt++)
            {
                long gen = CommitFile.LatestGeneration(directory);
                if (gen < 0)
                    throw new IndexNotFoundException(directory);
                try
                {
                    var commit = CommitFile.Read(directory, gen);
                    return IndexSnapshot.Open(directory, commit, previous, null, options.VerifyChecksums, this, options.Preload);
                }
                catch (FileNotFoundException e)
                {
                    if (CommitFile.LatestGeneration(directory) != gen && attempt < 100)
                        continue;
                    throw new CorruptIndexException(e.FileName ?? directory, $"file referenced by commit_{gen} is missing", e);
                }
            }
        }

        public void Released(IndexSnapshot snapshot) { }
    }
}

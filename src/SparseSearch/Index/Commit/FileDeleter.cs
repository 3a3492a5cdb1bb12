using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Commit;

/// <summary>
/// Deletes index files nobody needs: a file survives while it is referenced by the latest commit, by the writer's
/// uncommitted state or a running merge (the "protected" set the writer maintains), or by an open snapshot (counted
/// references). Only names the index writes (<c>seg_*</c>, <c>commit_*</c>) are ever deleted.
/// </summary>
internal sealed class FileDeleter
{
    private readonly string _directory;
    private readonly object _sync = new();
    private readonly Dictionary<string, int> _refs = new(StringComparer.Ordinal);
    private HashSet<string> _protected = new(StringComparer.Ordinal);
    private HashSet<string> _protectedPrefixes = new(StringComparer.Ordinal);
    private bool _closed;

    public FileDeleter(string directory) => _directory = directory;

    public void IncRef(IEnumerable<string> files)
    {
        lock (_sync)
            foreach (var f in files)
                _refs[f] = _refs.GetValueOrDefault(f) + 1;
    }

    public void DecRef(IEnumerable<string> files)
    {
        lock (_sync)
        {
            foreach (var f in files)
            {
                int n = _refs.GetValueOrDefault(f) - 1;
                if (n <= 0) _refs.Remove(f); else _refs[f] = n;
            }
        }
    }

    /// <summary>Replaces the writer-protected set: whole file names, and segment-name prefixes (merges in flight).</summary>
    public void SetProtected(IEnumerable<string> files, IEnumerable<string> segmentPrefixes)
    {
        lock (_sync)
        {
            _protected = new HashSet<string>(files, StringComparer.Ordinal);
            _protectedPrefixes = new HashSet<string>(segmentPrefixes, StringComparer.Ordinal);
        }
    }

    /// <summary>After the writer closes nothing is deleted any more (a new writer may own the directory).</summary>
    public void Close()
    {
        lock (_sync)
            _closed = true;
    }

    public static bool IsIndexFile(string name) =>
        name.StartsWith("seg_", StringComparison.Ordinal) || name.StartsWith(CommitFile.Prefix, StringComparison.Ordinal);

    private static string SegmentOf(string name)
    {
        int dot = name.IndexOf('.');
        var stem = dot < 0 ? name : name[..dot];
        int second = stem.IndexOf('_', 4);
        return second < 0 ? stem : stem[..second];
    }

    /// <summary>Deletes every index file that is neither protected nor referenced. Returns the names deleted.</summary>
    public List<string> DeleteUnreferenced()
    {
        var deleted = new List<string>();
        lock (_sync)
        {
            if (_closed)
                return deleted;
            foreach (var path in Directory.EnumerateFiles(_directory))
            {
                var name = Path.GetFileName(path);
                if (!IsIndexFile(name) || _protected.Contains(name) || _refs.ContainsKey(name))
                    continue;
                if (name.StartsWith("seg_", StringComparison.Ordinal) && _protectedPrefixes.Contains(SegmentOf(name)))
                    continue;
                try
                {
                    File.Delete(path);
                    deleted.Add(name);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        return deleted;
    }
}

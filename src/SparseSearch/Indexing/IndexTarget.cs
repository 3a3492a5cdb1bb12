using SparseSearch.Index;

namespace SparseSearch.Indexing;

/// <summary>The index directory side of a run: checking it is writable, finding, creating, opening and (for --restart)
/// removing the index in it, and its size on disk.</summary>
internal static class IndexTarget
{
    public static IndexWriter OpenWriter(string dir, IndexingOptions o)
    {
        try
        {
            return IndexWriter.Open(dir, o.WriterOptions);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IndexingException($"Cannot write to the index directory {dir}: {e.Message}", e);
        }
    }

    public static IndexWriter CreateWriter(string dir, IndexingOptions o, DocumentFields[] first)
    {
        float? scale = o.ImpactScale;
        if (scale is null && first.Length > 0)
        {
            float max = 0f;
            foreach (var f in first)
                if (f.Sparse is { } s)
                    foreach (var w in s.Weights) max = MathF.Max(max, w);
            scale = ImpactScales.ForMaxWeight(max * ImpactScales.LiveHeadroom);
        }
        var schema = ModelCompatibility.Schema(o.SparseModel, o.DenseModel, o.DenseDimension, scale, o.Bm25);
        try
        {
            return IndexWriter.Create(dir, schema, o.WriterOptions);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IndexingException($"Cannot write to the index directory {dir}: {e.Message}", e);
        }
    }

    public static void PrepareDirectory(string dir)
    {
        if (File.Exists(dir))
            throw new IndexingException($"The index path {dir} is a file; expected a directory (it is created if missing).");
        try
        {
            Directory.CreateDirectory(dir);
            // Fail now with a clear message rather than after minutes of encoding.
            string probe = Path.Combine(dir, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IndexingException($"Cannot write to the index directory {dir}: {e.Message}", e);
        }
    }

    public static bool IndexExists(string dir)
    {
        if (!Directory.Exists(dir)) return false;
        foreach (var f in Directory.EnumerateFiles(dir, "commit_*"))
            if (!f.EndsWith(".tmp", StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// Removes the index in <paramref name="dir"/> for --restart: takes the writer lock first (so a running writer
    /// makes this fail instead of losing its files), then deletes the commit files (from then on there is no index),
    /// then the segment files (the same name rule as the index's own file deleter: <c>commit_*</c>, <c>seg_*</c>).
    /// Other files in the directory are left alone.
    /// </summary>
    public static void DeleteIndex(string dir)
    {
        try
        {
            IndexWriter.Open(dir, new IndexWriterOptions { VerifyChecksums = false, MergePolicy = null }).Dispose();
        }
        catch (CorruptIndexException)
        {
            // Rebuilding is the remedy for a damaged index; the lock was free (a held lock throws IndexLockedException).
        }
        foreach (var f in Directory.GetFiles(dir, "commit_*")) File.Delete(f);
        foreach (var f in Directory.GetFiles(dir, "seg_*")) File.Delete(f);
    }

    public static long DirectorySize(string dir)
    {
        long bytes = 0;
        if (Directory.Exists(dir))
            foreach (var f in new DirectoryInfo(dir).EnumerateFiles()) bytes += f.Length;
        return bytes;
    }
}

using System.Diagnostics;
using SparseSearch.Index.Commit;

namespace SparseSearch.Index;

/// <summary>What <see cref="IndexOptimizer.Optimize"/> does.</summary>
public sealed record OptimizeOptions
{
    /// <summary>Segments to leave (at least 1; default 1).</summary>
    public int MaxSegments { get; init; } = 1;

    /// <summary>Reorder documents by similarity (graph bisection) so doc blocks hold similar documents — the layout
    /// that makes rank-safe BlockMax fast. Reordering rewrites every segment not already reordered into blocks of
    /// <see cref="DocBlockShift"/> (the commit records which are) or carrying deletes, even an already merged one; so
    /// optimizing an unchanged optimized index again is a no-op.</summary>
    public bool Reorder { get; init; } = true;

    /// <summary>Documents per doc block = 2^shift (default <see cref="IndexWriterOptions.DefaultReorderedDocBlockShift"/>:
    /// 4 documents, the size the BlockMax scorer is tuned for, and the size a writer's reordering merges write).</summary>
    public int DocBlockShift { get; init; } = IndexWriterOptions.DefaultReorderedDocBlockShift;

    /// <summary>Verify the checksums of the segments when opening them (default true).</summary>
    public bool VerifyChecksums { get; init; } = true;
}

/// <summary>Outcome of <see cref="IndexOptimizer.Optimize"/> (counts from the commits before and after).</summary>
/// <param name="SegmentsBefore">Segments in the commit found.</param>
/// <param name="SegmentsAfter">Segments in the new commit.</param>
/// <param name="LiveDocs">Live documents (unchanged by optimizing).</param>
/// <param name="DeletedReclaimed">Deleted documents the rewrite dropped.</param>
/// <param name="BytesBefore">Bytes of the files of the commit found.</param>
/// <param name="BytesAfter">Bytes of the files of the new commit.</param>
/// <param name="Generation">Generation of the new commit (the one found when there was nothing to do).</param>
/// <param name="Committed">Whether anything was rewritten and committed (false: the index was already in shape).</param>
/// <param name="Elapsed">Wall time, opening and committing included.</param>
public sealed record OptimizeReport(int SegmentsBefore, int SegmentsAfter, long LiveDocs, long DeletedReclaimed,
    long BytesBefore, long BytesAfter, long Generation, bool Committed, TimeSpan Elapsed);

/// <summary>
/// Offline optimisation of an index directory: takes the writer lock, force-merges down to
/// <see cref="OptimizeOptions.MaxSegments"/> segments (expunging deletes, optionally reordering into similarity
/// blocks) and commits. The commit protocol makes it safe to kill at any point: until the new commit file is published
/// the last commit stands, and the next writer removes the partial files.
/// </summary>
public static class IndexOptimizer
{
    /// <summary>Optimizes the index in <paramref name="directory"/>; keeps the commit's user data (e.g. resume state).</summary>
    /// <exception cref="IndexLockedException">Another writer holds the index.</exception>
    /// <exception cref="IndexNotFoundException">No index there.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static OptimizeReport Optimize(string directory, OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSegments, 1, nameof(options.MaxSegments));
        if (options.DocBlockShift is < 0 or > Codec.SegmentFiles.MaxDocBlockShift)
            throw new ArgumentOutOfRangeException(nameof(options.DocBlockShift), options.DocBlockShift,
                $"block shift must be between 0 and {Codec.SegmentFiles.MaxDocBlockShift}");
        var clock = Stopwatch.StartNew();
        var writerOptions = new IndexWriterOptions
        {
            MergePolicy = null,
            BackgroundMerges = false,
            ReorderOnMerge = options.Reorder,
            // Every segment the optimizer leaves, reordered or not, gets the block size asked for.
            DocBlockShift = options.DocBlockShift,
            ReorderedDocBlockShift = options.DocBlockShift,
            VerifyChecksums = options.VerifyChecksums,
        };
        using var writer = IndexWriter.Open(directory, writerOptions);
        var dir = writer.Directory;
        var before = CommitFile.Read(dir, writer.CommittedGeneration);
        long bytesBefore = Bytes(dir, before);
        writer.ForceMerge(options.MaxSegments, relayout: options.Reorder);
        long generation = writer.CommittedGeneration;
        // Nothing rewritten (already in shape): no new commit.
        bool committed = writer.HasUncommittedChanges;
        if (committed)
            generation = writer.Commit();
        var after = CommitFile.Read(dir, generation);
        return new OptimizeReport(before.Segments.Count, after.Segments.Count, LiveDocs(after),
            Deleted(before) - Deleted(after), bytesBefore, Bytes(dir, after), generation, committed, clock.Elapsed);
    }

    private static long LiveDocs(CommitPoint c)
    {
        long n = 0;
        foreach (var s in c.Segments) n += s.DocCount - s.DelCount;
        return n;
    }

    private static long Deleted(CommitPoint c)
    {
        long n = 0;
        foreach (var s in c.Segments) n += s.DelCount;
        return n;
    }

    private static long Bytes(string dir, CommitPoint c)
    {
        long n = 0;
        foreach (var f in c.Files())
            n += new FileInfo(Path.Combine(dir, f)).Length;
        return n;
    }
}

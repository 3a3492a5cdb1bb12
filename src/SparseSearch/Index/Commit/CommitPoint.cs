using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Commit;

/// <summary>One segment as recorded in a commit.</summary>
/// <param name="Name">Segment name (file prefix), e.g. <c>seg_7</c>.</param>
/// <param name="Id">16-byte random id, repeated in every file header of the segment.</param>
/// <param name="DocCount">Documents in the segment, deleted ones included.</param>
/// <param name="DelGen">Live-docs generation (0 = no deletes, no file).</param>
/// <param name="DelCount">Deleted documents at that generation.</param>
/// <param name="HasVectors">Whether the segment has a <c>.vec</c> file.</param>
/// <param name="HasBm25">Whether the segment has the BM25 field's files (<c>.btm .bps .bnm</c>).</param>
/// <param name="Reordered">Whether the segment's documents were put in similarity order (graph bisection) when it was
/// written; the doc block size that order was built for is the postings file's block shift. Lets a forced merge skip a
/// segment that already has the requested layout.</param>
internal sealed record SegmentCommitInfo(string Name, byte[] Id, int DocCount, long DelGen, int DelCount, bool HasVectors,
    bool HasBm25 = false, bool Reordered = false)
{
    public IEnumerable<string> Files()
    {
        foreach (var f in SegmentFiles.CoreFiles(Name, HasVectors))
            yield return f;
        if (HasBm25)
            foreach (var f in Bm25Files.Names(Name))
                yield return f;
        if (DelGen > 0)
            yield return SegmentFiles.LiveDocsName(Name, DelGen);
    }
}

/// <summary>The content of a <c>commit_N</c> file.</summary>
internal sealed record CommitPoint(
    long Generation,
    byte[] IndexId,
    IndexSchema Schema,
    long NextSegmentNumber,
    IReadOnlyList<SegmentCommitInfo> Segments,
    IReadOnlyDictionary<string, string> UserData)
{
    public string FileName => CommitFile.NameFor(Generation);

    /// <summary>Every file this commit needs, the commit file included.</summary>
    public IEnumerable<string> Files()
    {
        yield return FileName;
        foreach (var s in Segments)
            foreach (var f in s.Files())
                yield return f;
    }
}

using System.Text.RegularExpressions;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;
using SparseSearch.Index.Store;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>
/// The commit records whether each segment was reordered by graph bisection; <c>optimize</c> uses it to leave an
/// already optimized index alone, <c>check</c> reports it, and commits written before the field existed still read
/// (as not reordered).
/// </summary>
public class SegmentLayoutTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 3000, ImpactScale = 3f / 255f, SparseModel = "random" };

    private static readonly OptimizeOptions Optimize8 = new() { Reorder = true, DocBlockShift = 3 };

    /// <summary>Two topics (even/odd ids) over disjoint term ranges: a reordering has something to find.</summary>
    private static void AddTopics(IndexWriter w, int from, int count)
    {
        var rng = new Random(from + 5);
        for (int i = from; i < from + count; i++)
        {
            int basis = i % 2 == 0 ? 0 : 1000;
            var terms = new SortedSet<int>();
            while (terms.Count < 12) terms.Add(basis + rng.Next(100));
            w.Upsert(new IndexDocument($"d{i:D4}", new SparseVector(terms.ToArray(), terms.Select(_ => 1f + (float)rng.NextDouble()).ToArray())));
        }
    }

    private static void Build(string dir, int docs)
    {
        using var w = IndexWriter.Create(dir, Schema, new IndexWriterOptions { MaxBufferedDocs = 100, MergePolicy = null });
        AddTopics(w, 0, docs);
        w.Commit();
    }

    private static CommitPoint Latest(string dir) => CommitFile.Read(dir, CommitFile.LatestGeneration(dir));

    [Fact]
    public void OptimizeTwiceSecondIsNoOp()
    {
        using var dir = TestPaths.NewTempDir("ss-layout");
        Build(dir.Path, 300);
        Assert.Equal(3, Latest(dir.Path).Segments.Count);
        Assert.All(Latest(dir.Path).Segments, s => Assert.False(s.Reordered)); // flushed segments keep insertion order

        var first = IndexOptimizer.Optimize(dir.Path, Optimize8);
        Assert.True(first.Committed);
        var afterFirst = Latest(dir.Path);
        var seg = Assert.Single(afterFirst.Segments);
        Assert.True(seg.Reordered);

        var second = IndexOptimizer.Optimize(dir.Path, Optimize8);
        Assert.False(second.Committed);
        Assert.Equal(afterFirst.Generation, second.Generation);
        Assert.Equal(afterFirst.Generation, CommitFile.LatestGeneration(dir.Path));
        Assert.Equal(seg.Name, Assert.Single(Latest(dir.Path).Segments).Name);

        var check = IndexChecker.Check(dir.Path);
        Assert.True(check.Ok, string.Join("\n", check.Problems));
        Assert.Contains(check.Lines, l => l.StartsWith(seg.Name + ":", StringComparison.Ordinal) && l.Contains("layout reordered by similarity, blocks of 8 docs"));
    }

    [Fact]
    public void OptimizeAfterAddingDocsRewrites()
    {
        using var dir = TestPaths.NewTempDir("ss-layout");
        Build(dir.Path, 300);
        IndexOptimizer.Optimize(dir.Path, Optimize8);
        using (var w = IndexWriter.Open(dir.Path, new IndexWriterOptions { MaxBufferedDocs = 100, MergePolicy = null }))
        {
            AddTopics(w, 300, 40);
            w.Commit();
        }
        var before = Latest(dir.Path);
        Assert.Equal(2, before.Segments.Count);
        Assert.Equal([true, false], before.Segments.Select(s => s.Reordered));

        var r = IndexOptimizer.Optimize(dir.Path, Optimize8);
        Assert.True(r.Committed);
        Assert.Equal(340, r.LiveDocs);
        var seg = Assert.Single(Latest(dir.Path).Segments);
        Assert.True(seg.Reordered);
        Assert.DoesNotContain(before.Segments, s => s.Name == seg.Name);
    }

    [Fact]
    public void OptimizeRewritesAReorderedSegmentWithDeletesOrAnotherBlockSize()
    {
        using var dir = TestPaths.NewTempDir("ss-layout");
        Build(dir.Path, 300);
        IndexOptimizer.Optimize(dir.Path, Optimize8);

        // Another block size: the order was built for 8-document blocks.
        var r = IndexOptimizer.Optimize(dir.Path, Optimize8 with { DocBlockShift = 4 });
        Assert.True(r.Committed);
        Assert.True(Assert.Single(Latest(dir.Path).Segments).Reordered);
        Assert.False(IndexOptimizer.Optimize(dir.Path, Optimize8 with { DocBlockShift = 4 }).Committed);

        using (var w = IndexWriter.Open(dir.Path, new IndexWriterOptions { MergePolicy = null }))
        {
            w.Delete("d0007");
            w.Commit();
        }
        Assert.True(Assert.Single(Latest(dir.Path).Segments).DelCount == 1);
        r = IndexOptimizer.Optimize(dir.Path, Optimize8 with { DocBlockShift = 4 });
        Assert.True(r.Committed);
        Assert.Equal(1, r.DeletedReclaimed);
        var seg = Assert.Single(Latest(dir.Path).Segments);
        Assert.True(seg.Reordered);
        Assert.Equal(0, seg.DelCount);
    }

    [Fact]
    public void MergeWithoutReorderingRecordsInsertionOrder()
    {
        using var dir = TestPaths.NewTempDir("ss-layout");
        Build(dir.Path, 300);
        var r = IndexOptimizer.Optimize(dir.Path, Optimize8 with { Reorder = false });
        Assert.True(r.Committed);
        var seg = Assert.Single(Latest(dir.Path).Segments);
        Assert.False(seg.Reordered);
        Assert.Contains(IndexChecker.Check(dir.Path).Lines, l => l.Contains("layout insertion order, blocks of 8 docs"));
        // Not reordered, so a reordering optimize has work to do.
        Assert.True(IndexOptimizer.Optimize(dir.Path, Optimize8).Committed);
    }

    [Fact]
    public void CommitWrittenBeforeTheLayoutFieldReadsAsNotReordered()
    {
        using var dir = TestPaths.NewTempDir("ss-layout");
        Build(dir.Path, 300);
        IndexOptimizer.Optimize(dir.Path, Optimize8);
        var current = Latest(dir.Path);

        // Re-publish the same commit as the old writer wrote it: no "reordered" member, next generation, fresh checksum.
        string json = Payload(dir.Path, current.FileName);
        Assert.Contains("\"reordered\": true", json);
        string old = Regex.Replace(json, @"\s*""reordered"": true,", "");
        old = old.Replace($"\"generation\": {current.Generation},", $"\"generation\": {current.Generation + 1},");
        Assert.DoesNotContain("reordered", old);
        var bytes = System.Text.Encoding.UTF8.GetBytes(old);
        using (var output = new IndexOutput(Path.Combine(dir.Path, CommitFile.NameFor(current.Generation + 1)), SegmentFiles.CommitMagic, 1, current.IndexId))
        {
            output.WriteInt32(bytes.Length);
            output.WriteBytes(bytes);
            output.Finish();
        }

        var read = Latest(dir.Path);
        Assert.Equal(current.Generation + 1, read.Generation);
        var seg = Assert.Single(read.Segments);
        Assert.Equal(current.Segments[0].Name, seg.Name);
        Assert.False(seg.Reordered);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
        // Nothing says the segment is reordered, so optimize rewrites it and records the layout from then on.
        Assert.True(IndexOptimizer.Optimize(dir.Path, Optimize8).Committed);
        Assert.True(Assert.Single(Latest(dir.Path).Segments).Reordered);
    }

    private static string Payload(string dir, string fileName)
    {
        var raw = File.ReadAllBytes(Path.Combine(dir, fileName));
        int length = BitConverter.ToInt32(raw, IndexOutput.HeaderLength);
        return System.Text.Encoding.UTF8.GetString(raw, IndexOutput.HeaderLength + 4, length);
    }
}

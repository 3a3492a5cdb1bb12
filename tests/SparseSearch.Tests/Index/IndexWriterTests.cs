using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Index;

public class IndexWriterTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 100, DenseDimension = 4, ImpactScale = 0.01f, SparseModel = "m", SparseModelChecksum = "abc" };

    private static IndexDocument Doc(string id, int term, float w, string? title = null) =>
        new(id, new SparseVector([term, term + 1], [w, w / 2]), title ?? "title " + id, "text of " + id, "{\"k\":1}", [1f, 2f, 3f, (float)term]);

    [Fact]
    public void CommitReopenStoredFieldsVectorsAndUserData()
    {
        using var dir = TestPaths.NewTempDir();
        using (var w = IndexWriter.Create(dir.Path, Schema))
        {
            w.Upsert(Doc("a", 1, 1.0f));
            w.Upsert(Doc("b", 2, 0.5f) with { Dense = null, Title = null, Metadata = null });
            w.Commit(new Dictionary<string, string> { ["resume"] = "line 2" });
        }
        using var s = IndexReader.Open(dir.Path);
        Assert.Equal(2, s.LiveDocCount);
        Assert.Equal("line 2", s.UserData["resume"]);
        Assert.Equal(0.01f, s.Schema.ImpactScale);
        Assert.True(s.TryFind("a", out int seg, out int doc));
        var stored = s.GetStored(seg, doc);
        Assert.Equal(new StoredDocument("a", "title a", "text of a", "{\"k\":1}"), stored);
        Assert.Equal(new[] { 1f, 2f, 3f, 1f }, s.GetDenseVector(seg, doc));
        var fwd = s.GetForwardVector(seg, doc);
        Assert.Equal(new[] { 1, 2 }, fwd.TermIds);
        Assert.Equal(new[] { 100 * 0.01f, 50 * 0.01f }, fwd.Weights);
        Assert.True(s.TryFind("b", out seg, out doc));
        Assert.Equal(new StoredDocument("b", null, "text of b", null), s.GetStored(seg, doc));
        Assert.Null(s.GetDenseVector(seg, doc));
        var hits = new ImpactSearcher(s).Search(new SparseVector([2, 3], [1f, 1f]), 10).Hits;
        Assert.Equal(new[] { "b", "a" }, hits.Select(h => h.Id));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void SecondWriterGetsLockErrorNamingHolder()
    {
        using var dir = TestPaths.NewTempDir();
        using var w = IndexWriter.Create(dir.Path, Schema);
        var e = Assert.Throws<IndexLockedException>(() => IndexWriter.Open(dir.Path));
        Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        Assert.Contains("write.lock", e.Message);
        w.Dispose();
        using var w2 = IndexWriter.Open(dir.Path); // released on dispose
    }

    [Fact]
    public void UpdatesAreAtomicAndSnapshotsAreIsolated()
    {
        using var dir = TestPaths.NewTempDir();
        using var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MaxBufferedDocs = 2, MergePolicy = null });
        for (int i = 0; i < 6; i++)
            w.Upsert(Doc("d" + i, i, 1f));
        w.Commit();
        using var before = w.OpenSnapshot();
        w.Upsert(Doc("d1", 50, 2f, "new title"));
        Assert.True(w.Delete("d2"));
        Assert.False(w.Delete("nope"));
        // Not committed: neither a fresh snapshot nor the old one sees the changes.
        using (var fresh = w.OpenSnapshot())
        {
            Assert.Equal(6, fresh.LiveDocCount);
            Assert.Null(fresh.RefreshIfChanged());
        }
        w.Commit();
        Assert.Equal(6, before.LiveDocCount);
        Assert.True(before.TryFind("d2", out _, out _));
        using var after = before.RefreshIfChanged();
        Assert.NotNull(after);
        Assert.Equal(5, after!.LiveDocCount);
        Assert.False(after.TryFind("d2", out _, out _));
        Assert.True(after.TryFind("d1", out int seg, out int doc));
        Assert.Equal("new title", after.GetStored(seg, doc).Title);
        // Merge everything; the old snapshot still reads its (now unreferenced) files.
        w.ForceMerge(1);
        w.Commit();
        Assert.Equal(1, w.SegmentCount);
        var oldFiles = before.Files.ToList();
        Assert.All(oldFiles, f => Assert.True(File.Exists(Path.Combine(dir.Path, f)), f + " deleted while a snapshot holds it"));
        var hits = new ImpactSearcher(before).Search(new SparseVector([2, 3], [1f, 1f]), 10, new SearchOptions { Mode = SearchMode.RankSafe }).Hits;
        Assert.Contains(hits, h => h.Id == "d2");
        before.Dispose();
        after.Dispose();
        Assert.Contains(oldFiles, f => !File.Exists(Path.Combine(dir.Path, f)));
        using var merged = IndexReader.Open(dir.Path);
        Assert.Single(merged.Segments);
        Assert.Equal(5, merged.LiveDocCount);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void FullyDeletedSegmentIsDroppedAtCommit()
    {
        using var dir = TestPaths.NewTempDir();
        using var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MergePolicy = null });
        w.Upsert(Doc("a", 1, 1f));
        w.Upsert(Doc("b", 2, 1f));
        w.Commit();
        w.Upsert(Doc("c", 3, 1f));
        w.Commit();
        Assert.Equal(2, w.SegmentCount);
        w.Delete("a");
        w.Delete("b");
        w.Commit();
        Assert.Equal(1, w.SegmentCount);
        Assert.False(File.Exists(Path.Combine(dir.Path, "seg_0.pst")));
        using var s = IndexReader.Open(dir.Path);
        Assert.Equal(1, s.LiveDocCount);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void RejectsBadDocumentsWithClearMessages()
    {
        using var dir = TestPaths.NewTempDir();
        using var w = IndexWriter.Create(dir.Path, Schema);
        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => w.Upsert(new IndexDocument("x", new SparseVector([100], [1f])))).Message);
        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => w.Upsert(new IndexDocument("y", new SparseVector([1], [-1f])))).Message);
        Assert.Contains("dimensions", Assert.Throws<ArgumentException>(() => w.Upsert(new IndexDocument("z", SparseVector.Empty, Dense: [1f]))).Message);
        Assert.Throws<ArgumentException>(() => w.Upsert(new IndexDocument("", SparseVector.Empty)));
        w.Dispose();
        Assert.Contains("already exists", Assert.Throws<IOException>(() => IndexWriter.Create(dir.Path, Schema).Dispose()).Message);
    }

    [Fact]
    public void UncommittedChangesAreDiscardedAndLeftoverFilesCleaned()
    {
        using var dir = TestPaths.NewTempDir();
        using (var w = IndexWriter.Create(dir.Path, Schema))
        {
            w.Upsert(Doc("a", 1, 1f));
            w.Commit();
            w.Upsert(Doc("b", 1, 1f));
            w.Flush(); // a segment written but never committed
        }
        File.WriteAllText(Path.Combine(dir.Path, "seg_99.pst"), "partial");
        using (var w = IndexWriter.Open(dir.Path))
        {
            Assert.False(File.Exists(Path.Combine(dir.Path, "seg_99.pst")));
            using var s = w.OpenSnapshot();
            Assert.Equal(1, s.LiveDocCount);
        }
    }

    [Fact]
    public void ScaleIsFixedAtFirstFlushAndSaturationCounted()
    {
        using var dir = TestPaths.NewTempDir();
        using var w = IndexWriter.Create(dir.Path, Schema with { ImpactScale = null });
        w.Upsert(new IndexDocument("a", new SparseVector([1, 2], [2.55f, 1f])));
        w.Commit();
        Assert.Equal(0.01f, w.Schema.ImpactScale!.Value, 6);
        w.Upsert(new IndexDocument("b", new SparseVector([1], [10f])));
        w.Commit();
        Assert.Equal(1, w.SaturatedWeights);
        using var s = IndexReader.Open(dir.Path);
        Assert.True(s.TryFind("b", out int seg, out int doc));
        Assert.Equal(255 * s.Schema.ImpactScale!.Value, s.GetForwardVector(seg, doc).Weights[0]);
    }
}

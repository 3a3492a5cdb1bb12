using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Merge;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>
/// Merges that reclaim deleted documents (policy-driven, ForceMerge, ForceMergeDeletes) and the ReorderMinDocs
/// threshold, through the writer: deleted documents disappear from the files, every search answer stays the same, and
/// snapshots opened earlier keep answering from their own files until released.
/// </summary>
public class DeletesMergeTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 3000, ImpactScale = 3f / 255f, SparseModel = "random" };

    private static List<string> AddDocs(IndexWriter w, RandomCorpus corpus, int from, int count)
    {
        var ids = new List<string>();
        for (int i = from; i < from + count; i++)
        {
            w.Upsert(new IndexDocument("d" + i, corpus.Vector(5, 40, 3f), Text: "text " + i));
            ids.Add("d" + i);
        }
        return ids;
    }

    private static SparseVector[] Queries(RandomCorpus corpus, int n)
    {
        var q = new SparseVector[n];
        for (int i = 0; i < n; i++) q[i] = corpus.Vector(1, 30, 2f);
        return q;
    }

    /// <summary>Every matching document of every query (exhaustive, k = all), ordered by score then id, so the answer
    /// does not depend on the segment layout (ties are broken by internal position).</summary>
    private static List<(string Id, float Score)>[] AllHits(IndexSnapshot s, SparseVector[] queries)
    {
        var searcher = new ImpactSearcher(s);
        var all = new List<(string, float)>[queries.Length];
        int k = (int)Math.Max(1, s.DocCount);
        for (int i = 0; i < queries.Length; i++)
        {
            all[i] = searcher.Search(queries[i], k, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits
                .Select(h => (h.Id, h.Score)).OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList();
        }
        // Some random tail-term queries match nothing; most must match, or the comparisons would prove little.
        Assert.True(all.Count(l => l.Count > 0) >= queries.Length / 2);
        return all;
    }

    private static List<(string Id, float Score)>[] Without(List<(string Id, float Score)>[] hits, ICollection<string> deleted) =>
        hits.Select(l => l.Where(h => !deleted.Contains(h.Id)).ToList()).ToArray();

    private static void AssertSame(List<(string Id, float Score)>[] expected, List<(string Id, float Score)>[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i]);
    }

    private static List<string> SegmentIds(IndexSegment seg)
    {
        var ids = new List<string>();
        for (int d = 0; d < seg.DocCount; d++) ids.Add(seg.GetId(d));
        return ids;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HeavilyDeletedSegmentIsReclaimedAndResultsUnchanged(bool backgroundMerges)
    {
        using var dir = TestPaths.NewTempDir("ss-delmerge");
        var corpus = new RandomCorpus(11, 3000);
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 200,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 10, FloorDocs = 10 },
            BackgroundMerges = backgroundMerges,
        };
        using var w = IndexWriter.Create(dir.Path, Schema, options);
        AddDocs(w, corpus, 0, 1000);
        w.Commit();
        w.WaitForMerges();
        var queries = Queries(corpus, 25);
        List<(string, float)>[] before;
        string heavyName;
        List<string> others, victims;
        using (var s0 = w.OpenSnapshot())
        {
            Assert.Equal(5, s0.Segments.Count); // 5 × 200 docs: tier not full, no merge yet
            before = AllHits(s0, queries);
            var heavy = s0.Segments[2];
            heavyName = heavy.Name;
            others = s0.Segments.Where(s => s.Name != heavyName).Select(s => s.Name).ToList();
            victims = SegmentIds(heavy).Take(120).ToList(); // 60% of the segment
        }
        foreach (var id in victims) Assert.True(w.Delete(id));
        w.Commit();
        w.WaitForMerges();
        w.Commit();

        using var s1 = w.OpenSnapshot();
        Assert.Equal(880, s1.LiveDocCount);
        Assert.Equal(s1.LiveDocCount, s1.DocCount); // the deleted documents are gone from the files
        var names = s1.Segments.Select(s => s.Name).ToList();
        Assert.DoesNotContain(heavyName, names);
        Assert.All(others, n => Assert.Contains(n, names)); // the 80 survivors do not fit beside a 200-doc segment: rewritten alone
        Assert.Equal(5, names.Count);
        foreach (var id in victims) Assert.False(s1.TryFind(id, out _, out _));
        AssertSame(Without(before, victims), AllHits(s1, queries));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void DeletesWithinTheBoundAreLeftInPlace()
    {
        using var dir = TestPaths.NewTempDir("ss-delmerge-low");
        var corpus = new RandomCorpus(12, 3000);
        var options = new IndexWriterOptions { MaxBufferedDocs = 200, MergePolicy = new TieredMergePolicy { SegmentsPerTier = 10, FloorDocs = 10 }, BackgroundMerges = false };
        using var w = IndexWriter.Create(dir.Path, Schema, options);
        AddDocs(w, corpus, 0, 600);
        w.Commit();
        for (int i = 200; i < 240; i++) Assert.True(w.Delete("d" + i)); // 20% of the second segment: allowed
        w.Commit();
        using var s = w.OpenSnapshot();
        Assert.Equal(600, s.DocCount);
        Assert.Equal(560, s.LiveDocCount);
        Assert.True(w.Delete("d240")); // 20.5%: over the bound
        w.Commit();
        using var s2 = w.OpenSnapshot();
        Assert.Equal(559, s2.DocCount);
        Assert.Equal(559, s2.LiveDocCount);
    }

    [Fact]
    public void ForceMergeOneExpungesDeletesOfASingleSegment()
    {
        using var dir = TestPaths.NewTempDir("ss-expunge");
        var corpus = new RandomCorpus(21, 3000);
        using var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MergePolicy = null });
        var ids = AddDocs(w, corpus, 0, 300);
        w.Commit();
        var queries = Queries(corpus, 20);
        using var first = w.OpenSnapshot();
        var firstHits = AllHits(first, queries);
        var deleted = ids.Where((_, i) => i % 3 == 0).ToList();
        foreach (var id in deleted) Assert.True(w.Delete(id));
        w.Commit();
        var mid = w.OpenSnapshot();
        Assert.Single(mid.Segments);
        Assert.Equal(300, mid.DocCount);
        var midHits = AllHits(mid, queries);
        var oldFiles = mid.Files.Where(f => !f.StartsWith("commit_", StringComparison.Ordinal)).ToList();

        w.ForceMerge(1);
        Assert.True(w.HasUncommittedChanges);
        w.Commit();

        using (var after = w.OpenSnapshot())
        {
            Assert.Single(after.Segments);
            Assert.NotEqual(mid.Segments[0].Name, after.Segments[0].Name);
            Assert.Equal(200, after.LiveDocCount);
            Assert.Equal(200, after.DocCount);
            foreach (var id in ids)
                Assert.Equal(!deleted.Contains(id), after.TryFind(id, out _, out _));
            AssertSame(midHits, AllHits(after, queries));
        }
        // Earlier snapshots still answer from their own (superseded) files.
        Assert.All(oldFiles, f => Assert.True(File.Exists(Path.Combine(dir.Path, f)), f + " deleted while a snapshot holds it"));
        AssertSame(firstHits, AllHits(first, queries));
        AssertSame(midHits, AllHits(mid, queries));
        mid.Dispose();
        Assert.True(File.Exists(Path.Combine(dir.Path, first.Segments[0].Name + ".pst")), "still held by the first snapshot");
        first.Dispose();
        Assert.All(oldFiles, f => Assert.False(File.Exists(Path.Combine(dir.Path, f)), f + " kept after its last snapshot was released"));

        // Nothing left to expunge: a second ForceMerge(1) rewrites nothing.
        w.ForceMerge(1);
        Assert.False(w.HasUncommittedChanges);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void ForceMergeLeavesFullyDeletedSegmentsToTheCommit()
    {
        using var dir = TestPaths.NewTempDir("ss-fm-empty");
        var corpus = new RandomCorpus(23, 3000);
        using var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MaxBufferedDocs = 50, MergePolicy = null });
        AddDocs(w, corpus, 0, 100);
        w.Commit();
        for (int i = 0; i < 50; i++) Assert.True(w.Delete("d" + i));
        string kept;
        using (var s = w.OpenSnapshot()) kept = s.Segments[1].Name;
        w.ForceMerge(1); // one segment with live documents: nothing to merge, and no empty segment written
        w.Commit();
        using var after = w.OpenSnapshot();
        Assert.Equal([kept], after.Segments.Select(x => x.Name));
        Assert.Equal(50, after.DocCount);
    }

    [Fact]
    public void ForceMergeRewritesSegmentsOfAnotherBlockSize()
    {
        using var dir = TestPaths.NewTempDir("ss-reblock");
        var corpus = new RandomCorpus(22, 3000);
        using (var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MergePolicy = null, DocBlockShift = 6 }))
        {
            AddDocs(w, corpus, 0, 100);
            w.Commit();
        }
        using (var w = IndexWriter.Open(dir.Path, new IndexWriterOptions { MergePolicy = null, DocBlockShift = 3 }))
        {
            w.ForceMerge(1);
            Assert.True(w.HasUncommittedChanges);
            w.Commit();
        }
        using var s = IndexReader.Open(dir.Path);
        Assert.Equal(3, s.Segments[0].Core.Postings.DocBlockShift);
        Assert.Equal(100, s.LiveDocCount);
    }

    [Fact]
    public void ForceMergeDeletesRewritesOnlySegmentsOverThePercentage()
    {
        using var dir = TestPaths.NewTempDir("ss-fmd");
        var corpus = new RandomCorpus(31, 3000);
        using var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MaxBufferedDocs = 100, MergePolicy = null });
        AddDocs(w, corpus, 0, 400);
        w.Commit();
        var queries = Queries(corpus, 20);
        var deleted = new List<string>();
        // Segments hold d0–99, d100–199, ...: delete 0%, 5%, 30%, 60% of them.
        int[] perSegment = [0, 5, 30, 60];
        for (int s = 0; s < 4; s++)
            for (int i = 0; i < perSegment[s]; i++)
            {
                var id = "d" + (s * 100 + i * 100 / Math.Max(1, perSegment[s]));
                Assert.True(w.Delete(id));
                deleted.Add(id);
            }
        w.Commit();
        using var pre = w.OpenSnapshot();
        var names = pre.Segments.Select(s => s.Name).ToList();
        Assert.Equal(4, names.Count);
        var preHits = AllHits(pre, queries);

        w.ForceMergeDeletes(10);
        w.Commit();
        using (var s = w.OpenSnapshot())
        {
            var now = s.Segments.Select(x => x.Name).ToList();
            Assert.Equal(3, now.Count);                 // the 30% and 60% segments merged into one
            Assert.Equal(names.Take(2), now.Take(2));   // 0% and 5% untouched
            Assert.DoesNotContain(names[2], now);
            Assert.DoesNotContain(names[3], now);
            Assert.Equal(100 + 95 + 70 + 40, s.LiveDocCount);
            Assert.Equal(s.LiveDocCount + 5, s.DocCount);
            AssertSame(preHits, AllHits(s, queries));
        }
        // The snapshot opened before still answers from the rewritten segments' old files.
        Assert.True(File.Exists(Path.Combine(dir.Path, names[3] + ".pst")));
        AssertSame(preHits, AllHits(pre, queries));

        w.ForceMergeDeletes(0);
        w.Commit();
        using (var s = w.OpenSnapshot())
        {
            Assert.Equal(s.LiveDocCount, s.DocCount);
            Assert.Equal(305, s.DocCount);
            Assert.Equal(names[0], s.Segments[0].Name);
            AssertSame(preHits, AllHits(s, queries));
        }
        w.ForceMergeDeletes(0);
        Assert.False(w.HasUncommittedChanges);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.ForceMergeDeletes(150));
        pre.Dispose();
        Assert.False(File.Exists(Path.Combine(dir.Path, names[3] + ".pst")));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    /// <summary>Two interleaved topics (even ids: terms 0–99, odd ids: terms 1000–1099): concatenation order gives
    /// mixed 8-doc blocks, a reordered segment nearly pure ones.</summary>
    private static void AddTopics(IndexWriter w, int count)
    {
        var rng = new Random(5);
        for (int i = 0; i < count; i++)
        {
            int basis = i % 2 == 0 ? 0 : 1000;
            var terms = new SortedSet<int>();
            while (terms.Count < 12) terms.Add(basis + rng.Next(100));
            w.Upsert(new IndexDocument($"d{i:D3}", new SparseVector(terms.ToArray(), terms.Select(_ => 1f + (float)rng.NextDouble()).ToArray())));
        }
    }

    private static double PureBlocks(List<string> ids, int block)
    {
        int pure = 0, blocks = 0;
        for (int b = 0; b + block <= ids.Count; b += block, blocks++)
        {
            var parity = ids.Skip(b).Take(block).Select(id => int.Parse(id.AsSpan(1)) % 2).Distinct().Count();
            if (parity == 1) pure++;
        }
        return (double)pure / blocks;
    }

    [Theory]
    [InlineData(201, false)] // merged segment of 200 docs: below the minimum, concatenation order kept
    [InlineData(200, true)]
    [InlineData(0, true)]
    public void PolicyMergesReorderOnlyFromReorderMinDocs(int minDocs, bool reordered)
    {
        using var dir = TestPaths.NewTempDir("ss-reordermin");
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 100,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 2, FloorDocs = 10 },
            BackgroundMerges = false,
            ReorderOnMerge = true,
            ReorderMinDocs = minDocs,
            DocBlockShift = 3,
        };
        using var w = IndexWriter.Create(dir.Path, Schema, options);
        AddTopics(w, 200);
        w.Commit();
        using var s = w.OpenSnapshot();
        Assert.Single(s.Segments); // the two 100-doc flushes were merged by the policy
        var ids = SegmentIds(s.Segments[0]);
        var sequential = Enumerable.Range(0, 200).Select(i => $"d{i:D3}").ToList();
        Assert.Equal(sequential.Order(), ids.Order());
        if (reordered)
        {
            Assert.NotEqual(sequential, ids);
            Assert.True(PureBlocks(ids, 8) > 0.8, $"pure blocks {PureBlocks(ids, 8):F2}");
        }
        else
        {
            Assert.Equal(sequential, ids);
            Assert.Equal(0, PureBlocks(ids, 8));
        }
    }

    [Fact]
    public void ForceMergeReordersWhateverReorderMinDocsSays()
    {
        using var dir = TestPaths.NewTempDir("ss-reorderforce");
        var options = new IndexWriterOptions { MaxBufferedDocs = 100, MergePolicy = null, ReorderOnMerge = true, ReorderMinDocs = int.MaxValue, DocBlockShift = 3 };
        using var w = IndexWriter.Create(dir.Path, Schema, options);
        AddTopics(w, 200);
        w.Commit();
        w.ForceMerge(1);
        w.Commit();
        using var s = w.OpenSnapshot();
        Assert.Single(s.Segments);
        Assert.True(PureBlocks(SegmentIds(s.Segments[0]), 8) > 0.8);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexWriterOptions { ReorderMinDocs = -1 });
    }
}

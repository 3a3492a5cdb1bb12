using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Merge;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>
/// A writer with <see cref="IndexWriterOptions.ReorderOnMerge"/> gives the segments its policy merges reorder the
/// small-block layout (<see cref="IndexWriterOptions.ReorderedDocBlockShift"/>) while flushes and non-reordering merges
/// keep <see cref="IndexWriterOptions.DocBlockShift"/>; search over such a mixed index stays exact, and forced merges
/// and <see cref="IndexOptimizer"/> agree with the writer on what a reordered segment looks like.
/// </summary>
public class ReorderedMergeLayoutTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 3000, ImpactScale = 3f / 255f, SparseModel = "random" };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PolicyMergeThatReordersWritesSmallBlocksAndSearchStaysExact(bool backgroundMerges)
    {
        using var dir = TestPaths.NewTempDir("ss-reorder-layout");
        var corpus = new RandomCorpus(backgroundMerges ? 41 : 42, Schema.VocabSize);
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 100,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 2, FloorDocs = 10 },
            BackgroundMerges = backgroundMerges,
            ReorderOnMerge = true,
            ReorderMinDocs = 250, // the first two-flush merges (200 docs) do not reorder; the next tier does
        };
        Assert.Equal(SparseSearch.Index.Codec.SegmentFiles.DefaultDocBlockShift, options.DocBlockShift);
        Assert.Equal(2, options.ReorderedDocBlockShift);
        var live = new Dictionary<string, SparseVector>();
        using var writer = IndexWriter.Create(dir.Path, Schema, options);
        for (int i = 0; i < 930; i++)
        {
            var v = corpus.Vector(5, 50, 3f);
            writer.Upsert(new IndexDocument("d" + i, v));
            live["d" + i] = v;
            if (i % 9 == 4)
            {
                string victim = "d" + corpus.Rng.Next(i);
                if (live.Remove(victim)) Assert.True(writer.Delete(victim));
            }
        }
        writer.WaitForMerges();
        writer.Commit();

        using (var s = writer.OpenSnapshot())
        {
            int reordered = 0, plain = 0;
            foreach (var seg in s.Segments)
            {
                if (seg.Core.Info.Reordered)
                {
                    reordered++;
                    Assert.True(seg.DocCount >= options.ReorderMinDocs, $"a {seg.DocCount}-doc merge reordered");
                    Assert.Equal(options.ReorderedDocBlockShift, seg.Core.Postings.DocBlockShift);
                }
                else
                {
                    plain++;
                    Assert.Equal(options.DocBlockShift, seg.Core.Postings.DocBlockShift);
                }
            }
            Assert.True(reordered >= 1, $"no policy merge reordered ({s.Segments.Count} segments)");
            Assert.True(plain >= 1, "the last flushes should still be in insertion order");
            AssertExact(s, live, corpus);
        }

        // A forced relayout gives every segment the same reordered layout; doing it again changes nothing.
        writer.ForceMerge(1, relayout: true);
        writer.Commit();
        using (var s = writer.OpenSnapshot())
        {
            var seg = Assert.Single(s.Segments);
            Assert.True(seg.Core.Info.Reordered);
            Assert.Equal(options.ReorderedDocBlockShift, seg.Core.Postings.DocBlockShift);
            AssertExact(s, live, corpus);
        }
        writer.ForceMerge(1, relayout: true);
        Assert.False(writer.HasUncommittedChanges);
    }

    [Fact]
    public void OptimizerLeavesAWritersReorderedSegmentAlone()
    {
        using var dir = TestPaths.NewTempDir("ss-reorder-opt");
        var corpus = new RandomCorpus(7, Schema.VocabSize);
        var options = new IndexWriterOptions { MaxBufferedDocs = 100, MergePolicy = null, ReorderOnMerge = true };
        using (var w = IndexWriter.Create(dir.Path, Schema, options))
        {
            for (int i = 0; i < 300; i++) w.Upsert(new IndexDocument("d" + i, corpus.Vector(5, 40, 3f)));
            w.ForceMerge(1);
            w.Commit();
        }
        Assert.Equal(new OptimizeOptions().DocBlockShift, options.ReorderedDocBlockShift);
        var r = IndexOptimizer.Optimize(dir.Path, new OptimizeOptions());
        Assert.False(r.Committed); // the writer's reordered layout is already the optimizer's
    }

    private static void AssertExact(IndexSnapshot s, Dictionary<string, SparseVector> live, RandomCorpus corpus)
    {
        Assert.Equal(live.Count, s.LiveDocCount);
        var searcher = new ImpactSearcher(s);
        for (int q = 0; q < 20; q++)
        {
            var query = q % 3 == 0 ? live.Values.ElementAt(corpus.Rng.Next(live.Count)) : corpus.Vector(1, 40, 2f);
            int k = q % 2 == 0 ? 10 : 1;
            var oracle = Oracle.TopK(s, live, query, k);
            var exhaustive = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            Assert.Equal(oracle.Select(h => (h.Id, h.Score)), exhaustive.Select(h => (h.Id, h.Score)));
            Assert.Equal(exhaustive, searcher.Search(query, k, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax }).Hits);
            Assert.Equal(exhaustive, searcher.Search(query, k, new SearchOptions { Mode = SearchMode.RankSafe }).Hits);
        }
    }
}

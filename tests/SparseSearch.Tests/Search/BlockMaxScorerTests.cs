using Xunit;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Search;

namespace SparseSearch.Tests.Search;

/// <summary>
/// Block-at-a-time BlockMax on a topical corpus laid out by graph bisection (the setting it is built for): rank-safe
/// must equal exhaustive bit for bit, with deletes, several segments, dense and sparse bound rows and every block
/// size the block-forward index handles; and it must actually prune.
/// </summary>
public class BlockMaxScorerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void RankSafeBlockMaxEqualsExhaustiveOnClusteredCorpus(int shift)
    {
        using var dir = TestPaths.NewTempDir("ss-bmp");
        var rng = new Random(11 + shift);
        var (writer, Doc) = BuildClusteredCorpus(dir.Path, shift, rng);
        using var _ = writer;
        using var snapshot = writer.OpenSnapshot();
        Assert.Equal(2, snapshot.Segments.Count);
        var searcher = new ImpactSearcher(snapshot);
        long scored = 0, docs = snapshot.LiveDocCount;
        for (int q = 0; q < 30; q++)
        {
            var query = Doc(rng.Next(40), 0.7);
            int k = q % 3 == 0 ? 1 : 10;
            var exact = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            var safe = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax });
            Assert.Equal(exact, safe.Hits);
            Assert.Equal(exact, searcher.Search(query, k, new SearchOptions()).Hits); // default rank-safe (mixes scorers per segment)
            scored += safe.DocsScored;
        }
        if (shift is 2 or 3)
        {
            var reordered = snapshot.Segments[0].Core;
            double clustering = reordered.BlockBounds.Clustering(reordered.Postings);
            Assert.True(clustering >= BlockBoundRows.ClusteredThreshold, $"clustering {clustering:F2}: the default would not use block bounds");
            var unordered = snapshot.Segments[1].Core;
            double scattered = unordered.BlockBounds.Clustering(unordered.Postings);
            Assert.True(scattered < BlockBoundRows.ClusteredThreshold, $"clustering {scattered:F2} of a segment in random topic order");
        }
        if (shift is 2 or 3)
            Assert.True(scored < docs * 30 / 2, $"BlockMax evaluated {scored} of {docs * 30} documents: the bounds prune nothing");
    }

    /// <summary>2,000 topical documents force-merged with reordering, then 300 more in a second, unreordered segment,
    /// every 7th document deleted; returns the open writer and the document generator (queries are documents too).</summary>
    private static (IndexWriter Writer, Func<int, double, SparseVector> Doc) BuildClusteredCorpus(string path, int shift, Random rng)
    {
        const int vocab = 4000, topics = 40;
        var topicTerms = new int[topics][];
        for (int c = 0; c < topics; c++)
        {
            topicTerms[c] = new int[30];
            for (int j = 0; j < 30; j++) topicTerms[c][j] = 100 + rng.Next(vocab - 100);
        }
        SparseVector Doc(int c, double keep)
        {
            var map = new SortedDictionary<int, float>();
            foreach (var t in topicTerms[c]) if (rng.NextDouble() < keep) map[t] = (float)(0.2 + rng.NextDouble() * 2.5);
            for (int j = 0; j < 4; j++) map[rng.Next(100)] = (float)rng.NextDouble(); // frequent terms: dense rows
            return new SparseVector(map.Keys.ToArray(), map.Values.ToArray());
        }
        var schema = new IndexSchema { VocabSize = vocab, ImpactScale = 3f / 255f, SparseModel = "clustered" };
        var options = new IndexWriterOptions { MaxBufferedDocs = 700, MergePolicy = null, ReorderOnMerge = true, DocBlockShift = shift, ReorderedDocBlockShift = shift };
        var writer = IndexWriter.Create(path, schema, options);
        for (int i = 0; i < 2000; i++)
            writer.Upsert(new IndexDocument("d" + i, Doc(rng.Next(topics), 0.5)));
        writer.Commit();
        writer.ForceMerge(1);
        for (int i = 2000; i < 2300; i++) // a second, unreordered segment
            writer.Upsert(new IndexDocument("d" + i, Doc(rng.Next(topics), 0.5)));
        for (int i = 0; i < 2300; i += 7)
            writer.Delete("d" + i);
        writer.Commit();
        return (writer, (c, keep) => Doc(c, keep));
    }

    /// <summary>The default modes take block bounds on a segment the commit records as reordered even when its
    /// clustering ratio stays below the threshold (as 4-document blocks make likely), and not on the same documents in
    /// insertion order; the hits stay exact either way.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DefaultUsesBlockBoundsOnReorderedSegmentsWhateverTheirClustering(bool reorder)
    {
        using var dir = TestPaths.NewTempDir("ss-bmp-flag");
        var rng = new Random(41);
        const int vocab = 3000;
        SparseVector Doc()
        {
            // Uniform random terms: no order can cluster them, so the ratio stays near 1.
            var map = new SortedDictionary<int, float>();
            while (map.Count < 20) map[rng.Next(vocab)] = (float)(0.1 + rng.NextDouble() * 2.5);
            return new SparseVector(map.Keys.ToArray(), map.Values.ToArray());
        }
        var schema = new IndexSchema { VocabSize = vocab, ImpactScale = 3f / 255f, SparseModel = "uniform" };
        var options = new IndexWriterOptions { MaxBufferedDocs = 500, MergePolicy = null, ReorderOnMerge = reorder, DocBlockShift = 2, ReorderedDocBlockShift = 2 };
        using var writer = IndexWriter.Create(dir.Path, schema, options);
        for (int i = 0; i < 1500; i++)
            writer.Upsert(new IndexDocument("d" + i, Doc()));
        writer.ForceMerge(1);
        writer.Commit();
        using var snapshot = writer.OpenSnapshot();
        var core = Assert.Single(snapshot.Segments).Core;
        Assert.Equal(reorder, core.Info.Reordered);
        Assert.True(core.BlockBounds.Clustering(core.Postings) < BlockBoundRows.ClusteredThreshold, "the corpus should not look clustered");
        var searcher = new ImpactSearcher(snapshot);
        for (int q = 0; q < 10; q++)
        {
            var query = Doc();
            var exact = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            var byDefault = searcher.Search(query, 10, new SearchOptions());
            Assert.Equal(exact, byDefault.Hits);
            Assert.Equal(reorder, byDefault.BlocksTotal > 0);
        }
    }

    /// <summary>On segments without usable block bounds the approximate default runs the exact term-at-a-time scorer, for
    /// short and long queries alike (a 20-term cut re-scored was slower there); an explicit term cut still re-scores
    /// that cut.</summary>
    [Fact]
    public void ApproximateDefaultOnUnreorderedSegmentsIsTermAtATime()
    {
        using var dir = TestPaths.NewTempDir("ss-approx-short");
        var rng = new Random(31);
        var schema = new IndexSchema { VocabSize = 500, ImpactScale = 3f / 255f, SparseModel = "short" };
        using var writer = IndexWriter.Create(dir.Path, schema, new IndexWriterOptions { MergePolicy = null });
        for (int i = 0; i < 1500; i++)
        {
            var terms = new SortedSet<int>();
            while (terms.Count < 12) terms.Add(rng.Next(500));
            var ws = new float[terms.Count];
            for (int j = 0; j < ws.Length; j++) ws[j] = (float)(rng.NextDouble() * 3);
            writer.Upsert(new IndexDocument("d" + i, new SparseVector(terms.ToArray(), ws)));
        }
        writer.Commit();
        using var snapshot = writer.OpenSnapshot();
        var searcher = new ImpactSearcher(snapshot);
        for (int q = 0; q < 20; q++)
        {
            // 5 to 60 terms: below and above the 20 terms an implicit cut would have kept.
            var terms = new SortedSet<int>();
            int n = 5 + rng.Next(56);
            while (terms.Count < n) terms.Add(rng.Next(500));
            var ws = new float[n];
            for (int j = 0; j < n; j++) ws[j] = (float)(rng.NextDouble() + 0.01);
            var query = new SparseVector(terms.ToArray(), ws);
            var exact = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Exhaustive });
            var approx = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Approximate });
            Assert.Equal(exact.Hits, approx.Hits);
            Assert.Equal(exact.DocsScored, approx.DocsScored); // the same scorer, not a re-scored cut
            if (n > 10)
            {
                var cut = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Approximate, QueryTermCut = 10 });
                Assert.NotEqual(exact.DocsScored, cut.DocsScored); // an explicit cut still re-scores
            }
        }
    }

    [Fact]
    public void ApproximateDefaultUsesBlockBoundsOnTheReorderedSegmentAndKeepsExactScores()
    {
        using var dir = TestPaths.NewTempDir("ss-bmp-approx");
        var rng = new Random(29);
        var (writer, doc) = BuildClusteredCorpus(dir.Path, 3, rng);
        using var _ = writer;
        using var snapshot = writer.OpenSnapshot();
        var searcher = new ImpactSearcher(snapshot);
        double found = 0, wanted = 0;
        long blocks = 0;
        for (int q = 0; q < 40; q++)
        {
            var query = doc(rng.Next(40), 0.7);
            var exact = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            var approx = searcher.Search(query, 10, new SearchOptions { Mode = SearchMode.Approximate });
            blocks += approx.BlocksScored;
            var exactIds = new HashSet<string>();
            foreach (var h in exact) exactIds.Add(h.Id);
            foreach (var h in approx.Hits)
            {
                if (exactIds.Contains(h.Id)) found++;
                Assert.Equal(searcher.ScoreDocument(query, h.Segment, h.Doc), h.Score); // approximate, but never a wrong score
            }
            wanted += exact.Count;
        }
        Assert.True(blocks > 0, "the approximate default never used block bounds on the reordered segment");
        Assert.True(found / wanted >= 0.95, $"approximate default recall@10 {found / wanted:F3}");
    }
}

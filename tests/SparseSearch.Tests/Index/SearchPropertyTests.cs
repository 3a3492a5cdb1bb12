using Xunit;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Merge;
using SparseSearch.Search;

namespace SparseSearch.Tests.Index;

/// <summary>Random corpora, many segments, deletes, updates and merges: every mode against the brute-force oracle.</summary>
public class SearchPropertyTests
{
    private static readonly SearchOptions Exhaustive = new() { Mode = SearchMode.Exhaustive };
    private static readonly SearchOptions RankSafe = new() { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.MaxScore };

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, true)]
    [InlineData(3, false, true)]
    public void RankSafeEqualsExhaustiveEqualsOracle(int seed, bool backgroundMerges, bool reorder)
    {
        using var dir = TestPaths.NewTempDir("ss-prop");
        var corpus = new RandomCorpus(seed, vocab: 3000);
        var rng = corpus.Rng;
        var schema = new IndexSchema { VocabSize = 3000, ImpactScale = 3f / 255f, SparseModel = "random" };
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 37 + seed * 11,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 4, FloorDocs = 40 },
            BackgroundMerges = backgroundMerges,
            ReorderOnMerge = reorder,
            // 0: every policy merge reorders; 150: only the bigger ones (both paths meet the oracle).
            ReorderMinDocs = seed == 2 ? 0 : 150,
            DocBlockShift = 2 + seed % 4,
        };
        var live = new Dictionary<string, SparseVector>();
        using var writer = IndexWriter.Create(dir.Path, schema, options);
        int nextId = 0;
        for (int round = 0; round < 6; round++)
        {
            for (int i = 0; i < 250; i++)
            {
                int action = rng.Next(10);
                if (action < 7 || live.Count == 0)
                {
                    var id = "d" + nextId++;
                    var v = corpus.Vector(5, 60, 3.2f); // some weights above 255 × scale: saturation
                    writer.Upsert(new IndexDocument(id, v));
                    live[id] = v;
                }
                else if (action < 9)
                {
                    var id = live.Keys.ElementAt(rng.Next(live.Count));
                    var v = corpus.Vector(5, 60, 3f);
                    writer.Upsert(new IndexDocument(id, v, Title: "updated"));
                    live[id] = v;
                }
                else
                {
                    var id = live.Keys.ElementAt(rng.Next(live.Count));
                    Assert.True(writer.Delete(id));
                    live.Remove(id);
                }
            }
            writer.Commit(new Dictionary<string, string> { ["round"] = round.ToString() });
            if (round % 2 == 1)
                CompareAll(writer, live, corpus, queries: 15, seed);
        }
        writer.WaitForMerges();
        writer.Commit();
        CompareAll(writer, live, corpus, queries: 25, seed);
        writer.ForceMerge(2);
        writer.Commit();
        Assert.True(writer.SegmentCount <= 2);
        CompareAll(writer, live, corpus, queries: 15, seed);
    }

    private static void CompareAll(IndexWriter writer, Dictionary<string, SparseVector> live, RandomCorpus corpus, int queries, int seed)
    {
        using var snapshot = writer.OpenSnapshot();
        Assert.Equal(live.Count, snapshot.LiveDocCount);
        var searcher = new ImpactSearcher(snapshot);
        double recallSum = 0;
        for (int q = 0; q < queries; q++)
        {
            var query = q % 3 == 0 ? live.Values.ElementAt(corpus.Rng.Next(live.Count)) : corpus.Vector(1, 40, 2f);
            int k = q % 4 == 0 ? 1 : q % 4 == 1 ? 10 : 37;
            var oracle = Oracle.TopK(snapshot, live, query, k);
            var exhaustive = searcher.Search(query, k, Exhaustive).Hits;
            var safe = searcher.Search(query, k, RankSafe).Hits;
            var safeBlocks = searcher.Search(query, k, RankSafe with { Algorithm = PruningAlgorithm.BlockMax }).Hits;
            Assert.Equal(oracle.Count, exhaustive.Count);
            for (int i = 0; i < oracle.Count; i++)
            {
                Assert.Equal(oracle[i].Id, exhaustive[i].Id);
                Assert.Equal(oracle[i].Score, exhaustive[i].Score); // exact float equality, not approximate
                Assert.Equal((oracle[i].Seg, oracle[i].Doc), (exhaustive[i].Segment, exhaustive[i].Doc));
            }
            Assert.Equal(exhaustive, safe);
            Assert.Equal(exhaustive, safeBlocks);
            Assert.Equal(exhaustive, searcher.Search(query, k, new SearchOptions()).Hits); // default rank-safe
            var algorithm = (q % 4) switch { 0 => PruningAlgorithm.MaxScore, 1 => PruningAlgorithm.BlockMax, 2 => PruningAlgorithm.ImpactHead, _ => PruningAlgorithm.CutAndRescore };
            var approx = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.Approximate, Algorithm = algorithm, QueryTermCut = 5, BlockThresholdFactor = 0.8f, HeadDepth = 20, RescoreDepth = k + 3 }).Hits;
            var exactIds = exhaustive.Select(h => h.Id).ToHashSet();
            var allScores = searcher.Search(query, live.Count, Exhaustive).Hits.ToDictionary(h => h.Id, h => h.Score);
            foreach (var h in approx)
            {
                Assert.True(live.ContainsKey(h.Id), $"approximate returned deleted doc {h.Id}");
                Assert.True(snapshot.Segments[h.Segment].IsLive(h.Doc));
                // Scores of approximate hits are exact.
                Assert.Equal(allScores[h.Id], h.Score);
            }
            if (exactIds.Count > 0)
                recallSum += approx.Count(h => exactIds.Contains(h.Id)) / (double)exactIds.Count;
            else
                recallSum += 1;
        }
        // Recall is reported, not asserted tightly (the knobs are aggressive on purpose).
        Console.WriteLine($"seed {seed}: approximate recall {recallSum / queries:F3} over {queries} queries, {snapshot.Segments.Count} segments");
        Assert.True(recallSum / queries > 0.3);
    }
}

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
    [InlineData(3)]
    [InlineData(8)]
    public void RankSafeBlockMaxEqualsExhaustiveOnClusteredCorpus(int shift)
    {
        using var dir = TestPaths.NewTempDir("ss-bmp");
        const int vocab = 4000, topics = 40;
        var rng = new Random(11 + shift);
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
        var options = new IndexWriterOptions { MaxBufferedDocs = 700, MergePolicy = null, ReorderOnMerge = true, DocBlockShift = shift };
        using var writer = IndexWriter.Create(dir.Path, schema, options);
        for (int i = 0; i < 2000; i++)
            writer.Upsert(new IndexDocument("d" + i, Doc(rng.Next(topics), 0.5)));
        writer.Commit();
        writer.ForceMerge(1);
        for (int i = 2000; i < 2300; i++) // a second, unreordered segment
            writer.Upsert(new IndexDocument("d" + i, Doc(rng.Next(topics), 0.5)));
        for (int i = 0; i < 2300; i += 7)
            writer.Delete("d" + i);
        writer.Commit();

        using var snapshot = writer.OpenSnapshot();
        Assert.Equal(2, snapshot.Segments.Count);
        var searcher = new ImpactSearcher(snapshot);
        long scored = 0, docs = snapshot.LiveDocCount;
        for (int q = 0; q < 30; q++)
        {
            var query = Doc(rng.Next(topics), 0.7);
            int k = q % 3 == 0 ? 1 : 10;
            var exact = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            var safe = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax });
            Assert.Equal(exact, safe.Hits);
            Assert.Equal(exact, searcher.Search(query, k, new SearchOptions()).Hits); // default rank-safe (mixes scorers per segment)
            scored += safe.DocsScored;
        }
        if (shift == 3)
        {
            var reordered = snapshot.Segments[0].Core;
            double clustering = reordered.BlockBounds.Clustering(reordered.Postings);
            Assert.True(clustering >= BlockBoundRows.ClusteredThreshold, $"clustering {clustering:F2}: the default would not use block bounds");
            var unordered = snapshot.Segments[1].Core;
            double scattered = unordered.BlockBounds.Clustering(unordered.Postings);
            Assert.True(scattered < BlockBoundRows.ClusteredThreshold, $"clustering {scattered:F2} of a segment in random topic order");
        }
        if (shift == 3)
            Assert.True(scored < docs * 30 / 2, $"BlockMax evaluated {scored} of {docs * 30} documents: the bounds prune nothing");
    }
}

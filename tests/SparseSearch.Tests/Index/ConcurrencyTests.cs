using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Merge;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>Searches on refreshed snapshots while a writer upserts, deletes, commits and merges in the background.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void SnapshotsStayConsistentDuringWritesAndMerges()
    {
        using var dir = TestPaths.NewTempDir("ss-conc");
        var schema = new IndexSchema { VocabSize = 400, ImpactScale = 0.02f };
        using var writer = IndexWriter.Create(dir.Path, schema, new IndexWriterOptions
        {
            MaxBufferedDocs = 25,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 3, FloorDocs = 20 },
            BackgroundMerges = true,
        });
        const int Batches = 40;
        var failures = new List<Exception>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            try
            {
                var corpus = new RandomCorpus(100 + r, 400);
                var snapshot = writer.OpenSnapshot();
                while (!stop.IsCancellationRequested)
                {
                    var newer = snapshot.RefreshIfChanged();
                    if (newer is not null)
                    {
                        snapshot.Dispose();
                        snapshot = newer;
                    }
                    // Each batch b commits ids b-0..b-19 and deletes the odd ids of batch b-1: a snapshot of batch n
                    // holds exactly 20 + 10 (n - 1) live documents.
                    long n = snapshot.UserData.TryGetValue("n", out var v) ? long.Parse(v) : 0;
                    Assert.Equal(n == 0 ? 0 : 20 + 10 * (n - 1), snapshot.LiveDocCount);
                    var searcher = new ImpactSearcher(snapshot);
                    var q = corpus.Vector(2, 30, 2f);
                    var exact = searcher.Search(q, 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
                    Assert.Equal(exact, searcher.Search(q, 10, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.MaxScore }).Hits);
                    Assert.Equal(exact, searcher.Search(q, 10, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax }).Hits);
                    foreach (var h in exact)
                    {
                        Assert.True(snapshot.Segments[h.Segment].IsLive(h.Doc));
                        var parts = h.Id.Split('-');
                        Assert.False(long.Parse(parts[0]) < n && int.Parse(parts[1]) % 2 == 1, $"deleted {h.Id} returned at commit {n}");
                        Assert.Equal(h.Id, snapshot.GetStored(h.Segment, h.Doc).Id);
                    }
                }
                snapshot.Dispose();
            }
            catch (Exception e)
            {
                lock (failures) failures.Add(e);
            }
        })).ToArray();

        var rng = new RandomCorpus(5, 400);
        for (long b = 1; b <= Batches; b++)
        {
            for (int j = 0; j < 20; j++)
                writer.Upsert(new IndexDocument($"{b}-{j}", rng.Vector(3, 40, 2.5f), Text: $"doc {b}-{j}"));
            if (b > 1)
                for (int j = 1; j < 20; j += 2)
                    Assert.True(writer.Delete($"{b - 1}-{j}"));
            writer.Commit(new Dictionary<string, string> { ["n"] = b.ToString() });
        }
        writer.WaitForMerges();
        writer.Commit();
        stop.Cancel();
        Task.WaitAll(readers);
        Assert.Empty(failures);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
        // Every snapshot is closed: only the latest commit's files remain.
        using var final = writer.OpenSnapshot();
        var expected = final.Files.ToHashSet();
        var present = Directory.GetFiles(dir.Path).Select(Path.GetFileName).Where(f => f!.StartsWith("seg_") || f.StartsWith("commit_")).ToHashSet();
        Assert.Equal(expected.OrderBy(x => x), present.OrderBy(x => x)!);
    }
}

using System.Diagnostics;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Indexing;

/// <summary>`sparsesearch optimize` on real (splade-tiny SciFact) indexes: the result passes `check` and answers every
/// query exactly as before; a second writer gets the lock error; a killed optimize leaves the last commit.</summary>
[Collection(IndexingCollection.Name)]
public class OptimizeCommandTests(IndexingFixture fx)
{
    private static int Cli(params string[] args) => SparseSearch.Cli.Program.BuildRoot().Parse(args).Invoke();

    /// <summary>Every match of every query (exhaustive, k = all documents) as (id, score), ordered by score then id:
    /// independent of internal doc ids, which optimizing changes.</summary>
    private List<List<(string Id, float Score)>> AllHits(string index)
    {
        using var s = IndexReader.Open(index);
        var searcher = new ImpactSearcher(s);
        var all = new List<List<(string, float)>>();
        foreach (var q in fx.Queries)
            all.Add(searcher.Search(q, (int)s.DocCount, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits
                .Select(h => (h.Id, h.Score)).OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList());
        Assert.True(all.Sum(l => l.Count) > fx.Queries.Length * 10, "the queries must match documents");
        return all;
    }

    [Fact]
    public void OptimizeMergesReordersReclaimsDeletesAndKeepsResults()
    {
        using var dir = TestPaths.NewTempDir("ss-optimize");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 400, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        Assert.Equal(0, Cli("index", "--pre-encoded", pre, "--index", index, "--sparse-model", IndexingFixture.SpladeFolder, "--commit-every", "80", "--optimize", "never"));
        int deleted = 0;
        using (var w = IndexWriter.Open(index))
        {
            using (var s = w.OpenSnapshot())
                foreach (var seg in s.Segments)
                    for (int d = 0; d < seg.DocCount; d += 10)
                        if (w.Delete(seg.GetId(d))) deleted++;
            w.Commit();
        }
        int segmentsBefore;
        long liveBefore;
        using (var s = IndexReader.Open(index))
        {
            segmentsBefore = s.Segments.Count;
            liveBefore = s.LiveDocCount;
            Assert.True(segmentsBefore >= 2, $"{segmentsBefore} segments");
            Assert.Equal(s.LiveDocCount + deleted, s.DocCount);
        }
        var userData = IndexReader.ReadLatestCommit(index).UserData;
        var expected = AllHits(index);

        // A second writer is refused with the lock error, and the index is untouched.
        using (var w = IndexWriter.Open(index))
        {
            var (locked, _, lockErr) = CliProcess.Run("optimize", "--index", index);
            Assert.Equal(1, locked);
            Assert.Contains("locked by another writer", lockErr);
        }

        var (exit, stdout, stderr) = CliProcess.Run("optimize", "--index", index);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"{segmentsBefore} -> 1", stdout);
        Assert.Contains($"deleted reclaimed: {deleted}", stdout);
        Assert.Contains("blocks of 4 documents", stdout);
        Assert.Equal(0, Cli("check", "--index", index));
        using (var s = IndexReader.Open(index))
        {
            Assert.Single(s.Segments);
            Assert.Equal(liveBefore, s.LiveDocCount);
            Assert.Equal(s.LiveDocCount, s.DocCount);
            Assert.Equal(IndexWriterOptions.DefaultReorderedDocBlockShift, s.Segments[0].Core.Postings.DocBlockShift);
        }
        Assert.Equal(userData, IndexReader.ReadLatestCommit(index).UserData); // resume state kept
        Assert.Equal(expected, AllHits(index));

        // Without reordering, an optimized index has nothing left to do: no new commit.
        long gen = IndexReader.ReadLatestCommit(index).Generation;
        var (again, againOut, againErr) = CliProcess.Run("optimize", "--index", index, "--no-reorder");
        Assert.True(again == 0, againErr);
        Assert.Contains("1 -> 1", againOut);
        Assert.Equal(gen, IndexReader.ReadLatestCommit(index).Generation);
    }

    [Fact]
    public void BadArgumentsAndMissingIndexExitWithOne()
    {
        using var dir = TestPaths.NewTempDir("ss-optimize-bad");
        var (missing, _, missingErr) = CliProcess.Run("optimize", "--index", Path.Combine(dir.Path, "nope"));
        Assert.Equal(1, missing);
        Assert.Contains("No index found", missingErr);
        var (both, _, bothErr) = CliProcess.Run("optimize", "--index", dir.Path, "--reorder", "--no-reorder");
        Assert.Equal(1, both);
        Assert.Contains("contradict", bothErr);
        var (shift, _, shiftErr) = CliProcess.Run("optimize", "--index", dir.Path, "--block-shift", "30");
        Assert.Equal(1, shift);
        Assert.Contains("block shift must be between 0 and 20", shiftErr);
        var (max, _, maxErr) = CliProcess.Run("optimize", "--index", dir.Path, "--max-segments", "0");
        Assert.Equal(1, max);
        Assert.Contains("MaxSegments", maxErr);
    }

    [Fact]
    public void KilledOptimizeLeavesTheLastCommit()
    {
        using var dir = TestPaths.NewTempDir("ss-optimize-kill");
        string index = Path.Combine(dir.Path, "ix");
        Directory.CreateDirectory(index);
        foreach (var f in Directory.GetFiles(fx.FullPreEncodedIndex))
            if (Path.GetFileName(f) != "write.lock")
                File.Copy(f, Path.Combine(index, Path.GetFileName(f)));
        var (_, userData, gen) = IndexReader.ReadLatestCommit(index);
        var before = Directory.GetFiles(index).Select(Path.GetFileName).ToHashSet();
        var expected = AllHits(index);

        using (var child = Process.Start(CliProcess.StartInfo("optimize", "--index", index))!)
        {
            child.StandardOutput.ReadToEndAsync();
            child.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            // Kill once the merged segment's first file exists: after reordering, while the segment is being written.
            while (!child.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(120)
                   && !Directory.EnumerateFiles(index, "seg_*").Any(f => !before.Contains(Path.GetFileName(f))))
                Thread.Sleep(1);
            Assert.False(child.HasExited, "optimize finished before it could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL: no cleanup
            child.WaitForExit();
        }
        Assert.Equal(gen, IndexReader.ReadLatestCommit(index).Generation);
        Assert.Equal(0, Cli("check", "--index", index));
        Assert.Equal(expected, AllHits(index));

        // Rerun: the partial files go, the optimize completes.
        var (exit, _, stderr) = CliProcess.Run("optimize", "--index", index);
        Assert.True(exit == 0, stderr);
        Assert.Equal(0, Cli("check", "--index", index));
        Assert.Equal(expected, AllHits(index));
        Assert.Equal(userData, IndexReader.ReadLatestCommit(index).UserData);
        using var s = IndexReader.Open(index);
        Assert.Single(s.Segments);
        Assert.Equal(5183, s.LiveDocCount);
    }
}

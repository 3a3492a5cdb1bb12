using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Merge;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>
/// <see cref="IndexReaderOptions.Preload"/> and <see cref="IndexWriterOptions.Preload"/>: the postings and forward files
/// of every segment are read into memory instead of mapped (the other files stay mapped), searches in every mode give
/// exactly what the mapped index and the brute-force oracle give, and a damaged file is still reported on open.
/// </summary>
public class PreloadTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 3000, ImpactScale = 3f / 255f, SparseModel = "random" };

    [Fact]
    public void PreloadedReaderSearchesExactlyLikeTheMappedOne()
    {
        using var dir = TestPaths.NewTempDir("ss-preload-reader");
        var corpus = new RandomCorpus(71, Schema.VocabSize);
        var live = new Dictionary<string, SparseVector>();
        using (var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MaxBufferedDocs = 150, MergePolicy = null }))
        {
            for (int i = 0; i < 500; i++)
            {
                var v = corpus.Vector(5, 50, 3f);
                w.Upsert(new IndexDocument("d" + i, v));
                live["d" + i] = v;
            }
            Assert.True(w.Delete("d7"));
            live.Remove("d7");
            w.Commit();
            // One reordered segment too, so BlockMax runs over nibble rows read from the preloaded postings.
            w.ForceMerge(2, relayout: true);
            w.Commit();
        }
        using var mapped = IndexReader.Open(dir.Path);
        using var loaded = IndexReader.Open(dir.Path, new IndexReaderOptions { Preload = true });
        Assert.Equal(mapped.Segments.Count, loaded.Segments.Count);
        foreach (var seg in loaded.Segments)
        {
            Assert.True(seg.Core.Postings.File.IsPreloaded);
            Assert.True(seg.Core.Forward.File.IsPreloaded);
        }
        foreach (var seg in mapped.Segments)
        {
            Assert.False(seg.Core.Postings.File.IsPreloaded);
            Assert.False(seg.Core.Forward.File.IsPreloaded);
        }
        AssertSameHits(mapped, loaded, live, corpus);
    }

    [Fact]
    public void PreloadingWriterOpensFlushedAndMergedSegmentsIntoMemory()
    {
        using var dir = TestPaths.NewTempDir("ss-preload-writer");
        var corpus = new RandomCorpus(72, Schema.VocabSize);
        var live = new Dictionary<string, SparseVector>();
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 100,
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = 2, FloorDocs = 10 },
            BackgroundMerges = false,
            Preload = true,
        };
        using (var w = IndexWriter.Create(dir.Path, Schema, options))
        {
            for (int i = 0; i < 450; i++)
            {
                var v = corpus.Vector(5, 40, 3f);
                w.Upsert(new IndexDocument("d" + i, v));
                live["d" + i] = v;
            }
            w.Commit();
            using var s = w.OpenSnapshot();
            Assert.True(s.Segments.Count >= 2);
            foreach (var seg in s.Segments)
                Assert.True(seg.Core.Postings.File.IsPreloaded && seg.Core.Forward.File.IsPreloaded, $"segment {seg.Name} is mapped");
            using var mapped = IndexReader.Open(dir.Path);
            AssertSameHits(mapped, s, live, corpus);
        }
        // Reopening an existing index with the option preloads its segments too.
        using (var w = IndexWriter.Open(dir.Path, options))
        using (var s = w.OpenSnapshot())
            foreach (var seg in s.Segments)
                Assert.True(seg.Core.Postings.File.IsPreloaded && seg.Core.Forward.File.IsPreloaded);
    }

    [Theory]
    [InlineData(SegmentFiles.PostingsExt)]
    [InlineData(SegmentFiles.ForwardExt)]
    public void DamagedPreloadedFileIsReportedOnOpen(string ext)
    {
        using var dir = TestPaths.NewTempDir("ss-preload-corrupt");
        var corpus = new RandomCorpus(73, Schema.VocabSize);
        using (var w = IndexWriter.Create(dir.Path, Schema, new IndexWriterOptions { MergePolicy = null }))
        {
            for (int i = 0; i < 200; i++) w.Upsert(new IndexDocument("d" + i, corpus.Vector(5, 40, 3f)));
            w.Commit();
        }
        string file = Directory.GetFiles(dir.Path, "*" + ext).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<CorruptIndexException>(() => IndexReader.Open(dir.Path, new IndexReaderOptions { Preload = true }).Dispose());
        Assert.Contains(Path.GetFileName(file), e.Message);
    }

    private static void AssertSameHits(IndexSnapshot mapped, IndexSnapshot loaded, Dictionary<string, SparseVector> live, RandomCorpus corpus)
    {
        Assert.Equal(live.Count, loaded.LiveDocCount);
        var a = new ImpactSearcher(mapped);
        var b = new ImpactSearcher(loaded);
        var modes = new[]
        {
            new SearchOptions { Mode = SearchMode.Exhaustive },
            new SearchOptions { Mode = SearchMode.RankSafe },
            new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax },
            new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.MaxScore },
            new SearchOptions { Mode = SearchMode.Approximate },
        };
        for (int q = 0; q < 15; q++)
        {
            var query = q % 3 == 0 ? live.Values.ElementAt(corpus.Rng.Next(live.Count)) : corpus.Vector(1, 40, 2f);
            var oracle = Oracle.TopK(loaded, live, query, 10);
            foreach (var mode in modes)
            {
                var hits = b.Search(query, 10, mode).Hits;
                Assert.Equal(a.Search(query, 10, mode).Hits.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
                if (mode.Mode != SearchMode.Approximate)
                    Assert.Equal(oracle.Select(h => (h.Id, h.Score)), hits.Select(h => (h.Id, h.Score)));
            }
        }
    }
}

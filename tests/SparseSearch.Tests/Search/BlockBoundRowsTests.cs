using Xunit;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Codec;
using SparseSearch.Search;
using SparseSearch.Tests.Index;

namespace SparseSearch.Tests.Search;

/// <summary>
/// The dense block-bound rows persisted in <c>.pst</c> (version 3, 4-bit codes): present for exactly the terms passing the density
/// rule, in place of their block lists, and equal to the block maxima of the postings after a flush and after a
/// reordering merge with deletes; and a segment in version 1 (no rows) still opens, builds the same rows lazily from its
/// block lists and searches the same.
/// </summary>
public class BlockBoundRowsTests
{
    private const int Vocab = 3000, Topics = 40;

    private sealed class ClusteredDocs
    {
        private readonly Random _rng;
        private readonly int[][] _topicTerms = new int[Topics][];

        public ClusteredDocs(int seed)
        {
            _rng = new Random(seed);
            for (int c = 0; c < Topics; c++)
            {
                _topicTerms[c] = new int[30];
                for (int j = 0; j < 30; j++) _topicTerms[c][j] = 100 + _rng.Next(Vocab - 100);
            }
        }

        public SparseVector Next(double keep)
        {
            var map = new SortedDictionary<int, float>();
            foreach (var t in _topicTerms[_rng.Next(Topics)]) if (_rng.NextDouble() < keep) map[t] = (float)(0.2 + _rng.NextDouble() * 2.5);
            for (int j = 0; j < 4; j++) map[_rng.Next(100)] = (float)_rng.NextDouble(); // frequent terms: dense rows
            return new SparseVector(map.Keys.ToArray(), map.Values.ToArray());
        }
    }

    private static IndexWriter NewWriter(string path) => IndexWriter.Create(path,
        new IndexSchema { VocabSize = Vocab, ImpactScale = 3f / 255f, SparseModel = "clustered" },
        new IndexWriterOptions { MaxBufferedDocs = 700, MergePolicy = null, ReorderOnMerge = true, DocBlockShift = 3 });

    /// <summary>Checks every term's persisted row against the lazy build and against the postings; returns the number of
    /// (dense, sparse) terms.</summary>
    private static unsafe (int Dense, int Sparse) AssertRowsPersisted(SegmentCore core)
    {
        var pst = core.Postings;
        Assert.True(pst.HasDenseRows);
        int blocks = pst.DocBlockCount, dense = 0, sparse = 0;
        var fromPostings = new byte[blocks];
        for (int t = 0; t < pst.VocabSize; t++)
        {
            var p = pst.Term(t);
            byte* row = pst.DenseRow(t);
            if (p.Count == 0)
            {
                Assert.True(row is null);
                continue;
            }
            bool passes = (long)p.DocBlockCount * 24 >= blocks; // nibble rows: terms in at least 1/24 of the blocks
            Assert.Equal(passes, row is not null);
            Assert.Equal(passes, p.DocBlocks is null); // the row replaces the sparse block list
            if (!passes)
            {
                sparse++;
                continue;
            }
            dense++;
            Assert.Equal(0, (long)row % SegmentFiles.DenseRowAlignment);
            Array.Clear(fromPostings);
            int held = 0;
            for (int i = 0; i < p.Count; i++)
            {
                ref byte m = ref fromPostings[p.Docs[i] >> pst.DocBlockShift];
                if (m == 0) held++;
                m = Math.Max(m, p.Impacts[i]);
            }
            Assert.Equal(held, p.DocBlockCount);
            Assert.Equal(DenseRowKind.Nibbles, pst.RowKind);
            Assert.True(Codes(row, blocks, p.MaxImpact).SequenceEqual(CodesOf(fromPostings, p.MaxImpact)),
                $"term {t}: persisted row differs from the codes of its postings' block maxima");
            Assert.True(core.BlockBounds.DenseRow(pst, t, p) == row, $"term {t}: the scorer does not read the mapped row");
        }
        Assert.Equal(dense, pst.DenseRowCount);
        return (dense, sparse);
    }

    /// <summary>The 4-bit codes a persisted nibble row holds for blocks [0, blocks) plus its padding to a whole group
    /// (which must be 0).</summary>
    private static unsafe int[] Codes(byte* row, int blocks, int termMax)
    {
        var codes = new int[(blocks + 63) / 64 * 64];
        for (int b = 0; b < codes.Length; b++)
        {
            byte v = row[b / 64 * 32 + b % 32];
            codes[b] = b % 64 < 32 ? v & 15 : v >> 4;
        }
        return codes;
    }

    /// <summary>The codes block maxima should get: ⌈m / ⌈max / 15⌉⌉, 0 in the padding.</summary>
    private static int[] CodesOf(ReadOnlySpan<byte> maxima, int termMax)
    {
        var codes = new int[(maxima.Length + 63) / 64 * 64];
        int step = (termMax + 14) / 15;
        for (int b = 0; b < maxima.Length; b++) codes[b] = (maxima[b] + step - 1) / step;
        return codes;
    }

    private static void AssertBlockMaxEqualsExhaustive(IndexSnapshot snapshot, ClusteredDocs queries, int count)
    {
        var searcher = new ImpactSearcher(snapshot);
        for (int q = 0; q < count; q++)
        {
            var query = queries.Next(0.7);
            int k = q % 3 == 0 ? 1 : 10;
            var exact = searcher.Search(query, k, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
            Assert.Equal(exact, searcher.Search(query, k, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax }).Hits);
        }
    }

    [Fact]
    public void PersistedRowsEqualLazyRowsAfterFlushAndReorderingMergeWithDeletes()
    {
        using var dir = TestPaths.NewTempDir("ss-bbr");
        var docs = new ClusteredDocs(5);
        using var writer = NewWriter(dir.Path);
        for (int i = 0; i < 2000; i++)
            writer.Upsert(new IndexDocument("d" + i, docs.Next(0.5)));
        writer.Commit();
        using (var flushed = writer.OpenSnapshot())
        {
            Assert.True(flushed.Segments.Count >= 2);
            foreach (var s in flushed.Segments)
            {
                var (dense, sparse) = AssertRowsPersisted(s.Core);
                Assert.True(dense > 0 && sparse > 0, $"{s.Name}: {dense} dense and {sparse} sparse terms; the test needs both");
            }
        }
        for (int i = 0; i < 2000; i += 7)
            writer.Delete("d" + i);
        writer.ForceMerge(1);
        writer.Commit();
        using var merged = writer.OpenSnapshot();
        Assert.Single(merged.Segments);
        Assert.True(merged.Segments[0].DocCount < 2000); // the deletes were expunged, so the blocks moved
        var counts = AssertRowsPersisted(merged.Segments[0].Core);
        Assert.True(counts.Dense > 0 && counts.Sparse > 0);
        AssertBlockMaxEqualsExhaustive(merged, new ClusteredDocs(6), 20);
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public unsafe void SegmentWithoutPersistedRowsBuildsThemLazilyAndSearchesTheSame()
    {
        using var dir = TestPaths.NewTempDir("ss-bbr");
        var docs = new ClusteredDocs(8);
        var persisted = new Dictionary<int, int[]>();
        var queries = new List<SparseVector>();
        var expected = new List<IReadOnlyList<SearchHit>>();
        using (var writer = NewWriter(dir.Path))
        {
            for (int i = 0; i < 1500; i++)
                writer.Upsert(new IndexDocument("d" + i, docs.Next(0.5)));
            writer.ForceMerge(1);
            for (int i = 0; i < 1500; i += 11)
                writer.Delete("d" + i);
            writer.Commit();
            using var snapshot = writer.OpenSnapshot();
            var pst = snapshot.Segments[0].Core.Postings;
            for (int t = 0; t < pst.VocabSize; t++)
                if (pst.DenseRow(t) is var row && row is not null)
                    persisted[t] = Codes(row, pst.DocBlockCount, pst.Term(t).MaxImpact);
            var searcher = new ImpactSearcher(snapshot);
            var queryDocs = new ClusteredDocs(9);
            for (int q = 0; q < 15; q++)
            {
                queries.Add(queryDocs.Next(0.7));
                expected.Add(searcher.Search(queries[q], 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits);
            }
        }
        Assert.NotEmpty(persisted);
        foreach (var pstPath in Directory.GetFiles(dir.Path, "*" + SegmentFiles.PostingsExt))
            PostingsFileSurgery.RewriteAsVersion1(pstPath);

        using (var reader = IndexReader.Open(dir.Path))
        {
            var core = reader.Segments[0].Core;
            Assert.False(core.Postings.HasDenseRows);
            Assert.Equal(1, core.Postings.File.Version);
            int blocks = core.Postings.DocBlockCount, lazy = 0;
            for (int t = 0; t < core.Postings.VocabSize; t++)
            {
                var p = core.Postings.Term(t);
                if (p.Count == 0) continue;
                Assert.True(core.Postings.DenseRow(t) is null);
                byte* row = core.BlockBounds.DenseRow(core.Postings, t, p);
                // Rows built in memory are byte rows, kept for terms in at least 1/8 of the blocks (persisted nibble
                // rows go down to 1/24).
                Assert.Equal((long)p.DocBlockCount * 8 >= blocks, row is not null);
                if (row is null) continue;
                Assert.True(persisted.ContainsKey(t));
                Assert.True(CodesOf(new ReadOnlySpan<byte>(row, blocks), p.MaxImpact).SequenceEqual(persisted[t]),
                    $"term {t}: lazy row's codes differ from the persisted row");
                Assert.True(core.BlockBounds.DenseRow(core.Postings, t, p) == row, "the lazy row is built once and kept");
                lazy++;
            }
            Assert.True(lazy > 0 && lazy < persisted.Count, $"{lazy} lazy rows, {persisted.Count} persisted: the test needs terms between the two density rules");
            var searcher = new ImpactSearcher(reader);
            for (int q = 0; q < queries.Count; q++)
                Assert.Equal(expected[q], searcher.Search(queries[q], 10, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = PruningAlgorithm.BlockMax }).Hits);
        }
        var report = IndexChecker.Check(dir.Path);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Contains(report.Lines, l => l.Contains("no persisted dense block-bound rows"));
    }
}

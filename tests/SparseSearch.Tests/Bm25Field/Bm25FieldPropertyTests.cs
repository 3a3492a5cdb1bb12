using System.Text;
using SparseSearch.Encoding;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Merge;
using SparseSearch.Search.Bm25;
using Xunit;

namespace SparseSearch.Tests.Bm25Field;

/// <summary>
/// Random small corpora with updates, deletes, flushes and merges: the index's BM25 top-k and per-document scores
/// equal <see cref="InMemoryBm25Index"/> exactly (ids, order, float scores). While deleted documents sit in segments
/// the oracle holds every document of the snapshot's segments (Lucene's statistics count them) and drops the deleted
/// ones from its ranking; after a force-merge it is built from the test's own record of the live documents.
/// </summary>
public class Bm25FieldPropertyTests
{
    // Plain words, stems (running/runs/run), stop words, non-ASCII, and letters outside the BMP whose UTF-16 order
    // differs from their UTF-8 order (U+FF21 sorts after a surrogate pair in UTF-16, before it in UTF-8).
    private static readonly string[] Words =
    [
        "apple", "banana", "cherry", "running", "runs", "run", "the", "and", "of", "cell", "cells", "protein",
        "gene", "genes", "x1", "2024", "café", "naïve", "日本", "\uFF21bc", "\U0001D538xy", "zeta", "alpha", "beta",
        "gamma", "delta", "omega", "quick", "brown", "fox", "lazy", "dog", "it's", "don't",
    ];

    [Theory]
    [InlineData(1, "english", false)]
    [InlineData(2, "simple", true)]
    [InlineData(3, "english", true)]
    [InlineData(4, "simple", false)]
    [InlineData(5, "english", true, true)]
    public void IndexTopKEqualsInMemoryBm25(int seed, string analyzer, bool tieredMerges, bool reorder = false)
    {
        var rng = new Random(seed);
        using var dir = TestPaths.NewTempDir("ss-bm25-prop");
        var field = new Bm25FieldSchema { Analyzer = analyzer, K1 = seed == 4 ? 1.2f : 0.9f, B = seed == 4 ? 0.75f : 0.4f };
        var options = new IndexWriterOptions
        {
            MaxBufferedDocs = 5 + rng.Next(20),
            MergePolicy = tieredMerges ? new TieredMergePolicy { SegmentsPerTier = 3, FloorDocs = 10 } : null,
            BackgroundMerges = seed == 3, // one run with merges racing the adds
            // Reordering merges permute doc ids: the merged BM25 postings must come out in the new doc order.
            ReorderOnMerge = reorder,
            ReorderMinDocs = 0,
        };
        var live = new Dictionary<string, (string? Title, string? Text)>();
        var schema = reorder ? new IndexSchema { VocabSize = 64, ImpactScale = 2f / 255f, SparseModel = "topics", Bm25 = field } : new IndexSchema { VocabSize = 0, Bm25 = field };
        using var writer = IndexWriter.Create(dir.Path, schema, options);
        int nextId = 0, checks = 0;
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < 100; i++)
            {
                int action = rng.Next(10);
                if (action < 7 || live.Count == 0)
                {
                    string id = "d" + nextId++;
                    Upsert(writer, live, id, rng);
                }
                else if (action < 9)
                {
                    Upsert(writer, live, live.Keys.ElementAt(rng.Next(live.Count)), rng);
                }
                else
                {
                    var id = live.Keys.ElementAt(rng.Next(live.Count));
                    Assert.True(writer.Delete(id));
                    live.Remove(id);
                }
            }
            writer.Commit();
            if (round == 2)
            {
                writer.ForceMerge(2);
                writer.Commit();
            }
            using var snapshot = writer.OpenSnapshot();
            checks += CompareWithSegmentOracle(snapshot, field, rng);
        }
        writer.ForceMerge(1);
        writer.Commit();
        using (var merged = writer.OpenSnapshot())
        {
            checks += CompareWithLiveOracle(merged, field, live, rng);
            // Some term must span several 128-posting blocks, or block decoding across boundaries went untested.
            Assert.Contains(new Bm25Searcher(merged).Explain("apple banana cherry", 0, 0).Terms, t => t.DocFreq > 128);
        }
        var report = IndexChecker.Check(dir.Path);
        Assert.True(report.Ok, string.Join('\n', report.Problems));
        Assert.True(checks > 300, $"only {checks} comparisons");
    }

    private static void Upsert(IndexWriter writer, Dictionary<string, (string?, string?)> live, string id, Random rng)
    {
        string? title = rng.Next(4) == 0 ? null : Text(rng, rng.Next(0, 4));
        string? text = rng.Next(8) == 0 ? null : Text(rng, rng.Next(0, 25));
        var vector = SparseVector.Empty;
        if (writer.Schema.VocabSize > 0)
        {
            // One of 8 topics of 8 terms each, so graph bisection has clusters to find and moves documents.
            int topic = rng.Next(8);
            vector = new SparseVector([topic * 8, topic * 8 + 1 + rng.Next(7)], [1f + (float)rng.NextDouble(), 0.5f]);
        }
        writer.Upsert(new IndexDocument(id, vector, title, text));
        live[id] = (title, text);
    }

    private static string Text(Random rng, int words)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            // Skewed toward the first words so some terms are frequent (long postings, several blocks).
            int w = Math.Min(rng.Next(Words.Length), Math.Min(rng.Next(Words.Length), rng.Next(Words.Length)));
            sb.Append(Words[w]).Append(rng.Next(5) == 0 ? ", " : " ");
        }
        return sb.ToString();
    }

    private static string Query(Random rng) => rng.Next(10) == 0 ? "unknownword" : Text(rng, 1 + rng.Next(5)) + (rng.Next(3) == 0 ? " nothere" : "");

    /// <summary>Oracle over every document in the snapshot's segments, in (segment, doc) order; deleted ones filtered from the ranking.</summary>
    private static int CompareWithSegmentOracle(IndexSnapshot snapshot, Bm25FieldSchema field, Random rng)
    {
        var oracle = new InMemoryBm25Index(field.CreateAnalyzer(), field.Parameters);
        var where = new List<(int Seg, int Doc, bool Live)>();
        foreach (var seg in snapshot.Segments)
        {
            for (int d = 0; d < seg.DocCount; d++)
            {
                var stored = seg.GetStored(d);
                oracle.Add(stored.Id, Bm25FieldSchema.ComposeText(stored.Title, stored.Text));
                where.Add((seg.Ordinal, d, seg.IsLive(d)));
            }
        }
        return Compare(snapshot, oracle, where, rng);
    }

    /// <summary>Oracle built from the test's own record of live documents (no deletes remain after the force-merge).</summary>
    private static int CompareWithLiveOracle(IndexSnapshot snapshot, Bm25FieldSchema field,
        Dictionary<string, (string? Title, string? Text)> live, Random rng)
    {
        Assert.Equal(live.Count, snapshot.DocCount);
        var order = new List<(int Seg, int Doc, string Id)>();
        foreach (var id in live.Keys)
        {
            Assert.True(snapshot.TryFind(id, out int seg, out int doc));
            order.Add((seg, doc, id));
        }
        order.Sort((a, b) => a.Seg != b.Seg ? a.Seg.CompareTo(b.Seg) : a.Doc.CompareTo(b.Doc));
        var oracle = new InMemoryBm25Index(field.CreateAnalyzer(), field.Parameters);
        var where = new List<(int, int, bool)>();
        foreach (var (seg, doc, id) in order)
        {
            oracle.Add(id, Bm25FieldSchema.ComposeText(live[id].Title, live[id].Text));
            where.Add((seg, doc, true));
        }
        return Compare(snapshot, oracle, where, rng);
    }

    private static int Compare(IndexSnapshot snapshot, InMemoryBm25Index oracle, List<(int Seg, int Doc, bool Live)> where, Random rng)
    {
        var searcher = new Bm25Searcher(snapshot);
        if (oracle.DocumentCount > 0 && searcher.Statistics is { } stats)
        {
            Assert.Equal(oracle.Statistics.DocCount, stats.DocCount);
            Assert.Equal(oracle.Statistics.SumTotalTermFreq, stats.SumTotalTermFreq);
        }
        int checks = 0;
        for (int q = 0; q < 12; q++)
        {
            string text = Query(rng);
            int k = 1 + rng.Next(15);
            var all = oracle.Search(text, Math.Max(1, oracle.DocumentCount));
            var expected = all.Where(h => where[h.Doc].Live).Take(k).ToList();
            var prepared = searcher.Prepare(text);
            var actual = searcher.Search(prepared, k);
            var exhaustive = searcher.SearchExhaustive(prepared, k);
            Assert.Equal(exhaustive, actual);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                var (seg, doc, _) = where[expected[i].Doc];
                Assert.Equal((expected[i].Id, expected[i].Score, seg, doc), (actual[i].Id, actual[i].Score, actual[i].Segment, actual[i].Doc));
            }
            // Exact per-document scores, deleted and non-matching documents included.
            var byDoc = all.ToDictionary(h => h.Doc, h => h.Score);
            for (int j = 0; j < 5 && where.Count > 0; j++)
            {
                int o = rng.Next(where.Count);
                var (seg, doc, _) = where[o];
                Assert.Equal(byDoc.GetValueOrDefault(o), searcher.Score(prepared, seg, doc));
                var explanation = searcher.Explain(prepared, seg, doc);
                Assert.Equal(byDoc.GetValueOrDefault(o), explanation.Score);
                Assert.Equal(explanation.Terms.Count(t => t.Tf > 0) > 0, byDoc.ContainsKey(o));
            }
            checks += 1 + expected.Count;
        }
        return checks;
    }
}

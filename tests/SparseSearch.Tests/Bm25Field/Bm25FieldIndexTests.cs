using System.Buffers.Binary;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Index.Store;
using SparseSearch.Search.Bm25;
using Xunit;

namespace SparseSearch.Tests.Bm25Field;

/// <summary>The BM25 field's schema, validation, edge cases, explanations, and structural corruption behind valid checksums.</summary>
public class Bm25FieldIndexTests
{
    private static readonly IndexSchema Bm25Only = new() { VocabSize = 0, Bm25 = new Bm25FieldSchema() };

    private static void Build(string path, IndexSchema schema, params (string Id, string? Title, string? Text)[] docs)
    {
        using var w = IndexWriter.Create(path, schema, new IndexWriterOptions { MergePolicy = null });
        foreach (var (id, title, text) in docs)
            w.Upsert(new IndexDocument(id, SparseVector.Empty, title, text));
        w.Commit();
    }

    [Fact]
    public void SchemaRoundTripsThroughTheCommit()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        var field = new Bm25FieldSchema { Analyzer = "simple", K1 = 1.2f, B = 0.75f };
        Build(dir.Path, new IndexSchema { VocabSize = 10, Bm25 = field }, ("a", "Title", "some words"));
        using var snapshot = IndexReader.Open(dir.Path);
        Assert.Equal(field, snapshot.Schema.Bm25);
        Assert.Equal(new[] { "seg_0.bnm", "seg_0.bps", "seg_0.btm" }, snapshot.Files.Where(f => f.StartsWith("seg_0.b")).Order());
        var hit = Assert.Single(new Bm25Searcher(snapshot).Search("WORDS", 10));
        Assert.Equal("a", hit.Id);
    }

    [Fact]
    public void InvalidSchemasAndDocumentsAreRejectedWithClearMessages()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        var e = Assert.Throws<ArgumentException>(() => IndexWriter.Create(dir.Path, new IndexSchema { VocabSize = 0, Bm25 = new Bm25FieldSchema { Analyzer = "klingon" } }));
        Assert.Contains("klingon", e.Message);
        Assert.Throws<ArgumentException>(() => IndexWriter.Create(dir.Path, new IndexSchema { VocabSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexWriter.Create(dir.Path, new IndexSchema { VocabSize = 0, Bm25 = new Bm25FieldSchema { B = 2f } }));

        using var sparse = TestPaths.NewTempDir("ss-bm25");
        using (var w = IndexWriter.Create(sparse.Path, new IndexSchema { VocabSize = 10 }))
        {
            var doc = new IndexDocument("x", SparseVector.Empty, "t", "text") { Bm25Terms = new Bm25FieldSchema().Analyze("t", "text") };
            Assert.Contains("no BM25 field", Assert.Throws<ArgumentException>(() => w.Upsert(doc)).Message);
            w.Upsert(doc with { Bm25Terms = null });
            w.Commit();
        }
        using var snapshot = IndexReader.Open(sparse.Path);
        Assert.Contains("no BM25 field", Assert.Throws<InvalidOperationException>(() => new Bm25Searcher(snapshot)).Message);
    }

    [Fact]
    public void DocumentsWithoutTextAreIndexedButNeverMatchAndStayOutOfTheStatistics()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        Build(dir.Path, Bm25Only, ("empty", null, null), ("stop", "the", "and of"), ("real", "Running dogs", "The dog runs."));
        using var snapshot = IndexReader.Open(dir.Path);
        var searcher = new Bm25Searcher(snapshot);
        Assert.Equal(1, searcher.Statistics!.Value.DocCount);
        Assert.Equal(4, searcher.Statistics!.Value.SumTotalTermFreq); // run dog dog run
        Assert.Equal("real", Assert.Single(searcher.Search("the run", 5)).Id);
        Assert.Empty(searcher.Search("the and", 5));
        Assert.Equal(0f, searcher.Score("dog", 0, 0));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
    }

    [Fact]
    public void ExplanationListsEachQueryTermAndSumsToTheScore()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        Build(dir.Path, Bm25Only, ("a", "Cells and genes", "cell growth of cells"), ("b", null, "gene expression"), ("c", null, "unrelated"));
        using var snapshot = IndexReader.Open(dir.Path);
        var searcher = new Bm25Searcher(snapshot);
        var hits = searcher.Search("cells cell genes missing", 10);
        Assert.Equal(new[] { "a", "b" }, hits.Select(h => h.Id));
        var x = searcher.Explain("cells cell genes missing", hits[0].Segment, hits[0].Doc);
        Assert.Equal(hits[0].Score, x.Score);
        Assert.Equal(new[] { "cell", "gene", "miss" }, x.Terms.Select(t => t.Term));
        Assert.Equal(new[] { 2, 1, 1 }, x.Terms.Select(t => t.QueryCount));
        Assert.Equal(new[] { 3, 1, 0 }, x.Terms.Select(t => t.Tf));
        Assert.Equal(new long[] { 1, 2, 0 }, x.Terms.Select(t => t.DocFreq));
        Assert.Equal(x.Score, (float)x.Terms.Sum(t => (double)t.Score));
        Assert.Equal(5, x.Terms[0].DocLength); // cell gene cell growth cell
    }

    [Fact]
    public void DeletedDocumentsAreNeverReturnedButCountInTheStatisticsUntilMergedAway()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        using var w = IndexWriter.Create(dir.Path, Bm25Only, new IndexWriterOptions { MergePolicy = null });
        w.Upsert(new IndexDocument("a", SparseVector.Empty, null, "apple pie"));
        w.Upsert(new IndexDocument("b", SparseVector.Empty, null, "apple tart with apple"));
        w.Flush(); // two segments, so the force-merge below rewrites them
        w.Upsert(new IndexDocument("c", SparseVector.Empty, null, "pear"));
        w.Commit();
        w.Delete("b");
        w.Commit();
        using (var snapshot = w.OpenSnapshot())
        {
            var searcher = new Bm25Searcher(snapshot);
            // Lucene's convention: N, the token sum and df keep the deleted document until a merge drops it.
            Assert.Equal(3, searcher.Statistics!.Value.DocCount);
            var q = searcher.Prepare("apple");
            Assert.Equal(new[] { "a" }, searcher.Search(q, 10).Select(h => h.Id));
            Assert.Equal(2, searcher.Explain(q, 0, 0).Terms.Single().DocFreq);
            Assert.Null(searcher.ScoreById(q, "b"));
            Assert.Null(searcher.ScoreById(q, "nope"));
            Assert.Equal(searcher.Search(q, 1)[0].Score, searcher.ScoreById(q, "a"));
        }
        w.ForceMerge(1);
        w.Commit();
        using (var snapshot = w.OpenSnapshot())
        {
            var searcher = new Bm25Searcher(snapshot);
            Assert.Equal(2, searcher.Statistics!.Value.DocCount);
            Assert.Equal(3, searcher.Statistics!.Value.SumTotalTermFreq);
            Assert.Equal(1, searcher.Explain("apple", 0, 0).Terms.Single().DocFreq);
        }
    }

    [Fact]
    public void SurrogatesAndNonAsciiTermsIndexAndSearch()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        var field = new Bm25FieldSchema { Analyzer = "simple" };
        Build(dir.Path, new IndexSchema { VocabSize = 0, Bm25 = field },
            ("1", null, "a\uD800b a\uDC00b"), ("2", null, "a\uFFFDb 日本 \U0001D538x"), ("3", null, "\uFF21x café"));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
        using var snapshot = IndexReader.Open(dir.Path);
        var searcher = new Bm25Searcher(snapshot);
        Assert.Equal("2", searcher.Search("日本", 3).Single().Id);
        Assert.Equal("2", searcher.Search("\U0001D538x", 3).Single().Id);
        Assert.Equal("3", searcher.Search("\uFF21x", 3).Single().Id);
        Assert.Equal("3", searcher.Search("CAFÉ", 3).Single().Id);
    }

    [Fact]
    public void LoneSurrogateSpellingsOfOneUtf8TermMergeIntoOnePosting()
    {
        // The analyzer may hand over terms holding lone surrogates; stored as UTF-8 they all read U+FFFD.
        using var dir = TestPaths.NewTempDir("ss-bm25");
        var field = new Bm25FieldSchema { Analyzer = "simple" };
        using (var w = IndexWriter.Create(dir.Path, new IndexSchema { VocabSize = 0, Bm25 = field }))
        {
            var odd = SparseSearch.Encoding.Bm25.TermFrequencies.Count(new PassThrough(), "\uD800z \uDC00z \uD800z");
            w.Upsert(new IndexDocument("s", SparseVector.Empty, null, "ignored") { Bm25Terms = odd });
            w.Upsert(new IndexDocument("t", SparseVector.Empty, null, "x"));
            w.Commit();
        }
        Assert.True(IndexChecker.Check(dir.Path).Ok, string.Join("\n", IndexChecker.Check(dir.Path).Problems));
        using var snapshot = IndexReader.Open(dir.Path);
        var field0 = snapshot.Segments[0].Core.Bm25!;
        Assert.Equal(2, field0.TermCount); // "\uFFFDz" and "x"
        int ord = field0.Find(System.Text.Encoding.UTF8.GetBytes("\uFFFDz"));
        Assert.Equal(1, field0.DocFreq(ord));
        Assert.Equal(3, field0.TotalTermFreq(ord));
    }

    /// <summary>Splits on spaces only, keeping whatever characters the words hold.</summary>
    private sealed class PassThrough : SparseSearch.Text.Analysis.ITextAnalyzer
    {
        public void Analyze(ReadOnlySpan<char> text, SparseSearch.Text.Analysis.ITermSink sink)
        {
            foreach (var range in text.Split(' '))
                if (!text[range].IsEmpty)
                    sink.Add(text[range]);
        }
    }

    public static IEnumerable<object[]> StructuralCases() =>
        [["norm"], ["tf"], ["df"]];

    /// <summary>A change the checksum cannot see (the footer recomputed) is still caught by the structural check.</summary>
    [Theory]
    [MemberData(nameof(StructuralCases))]
    public void StructuralCorruptionBehindAValidChecksumIsReported(string what)
    {
        using var dir = TestPaths.NewTempDir("ss-bm25");
        Build(dir.Path, Bm25Only, ("a", "alpha beta", "alpha gamma"), ("b", null, "alpha"), ("c", "beta", "delta delta"));
        Assert.True(IndexChecker.Check(dir.Path).Ok);
        string file;
        switch (what)
        {
            case "norm":
                file = "seg_0.bnm";
                Patch(dir.Path, file, b => b[IndexOutput.HeaderLength] ^= 0x01);
                break;
            case "tf":
                // First term "alpha": skip table (one 16-byte entry) then (delta, tf) varints; doc 0 has tf 2.
                file = "seg_0.bps";
                Patch(dir.Path, file, b => b[IndexOutput.HeaderLength + 16 + 1] = 3);
                break;
            default:
                // The first dictionary entry's df (i32 at +16 of the entry); entries start at the trailer's entriesOffset.
                file = "seg_0.btm";
                Patch(dir.Path, file, b =>
                {
                    int trailer = b.Length - IndexOutput.FooterLength - 48;
                    int entries = (int)BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(trailer + 24));
                    BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(entries + 16), 1); // "alpha" occurs in 2 docs
                });
                break;
        }
        var report = IndexChecker.Check(dir.Path);
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.StartsWith("seg_0.b"));
    }

    private static void Patch(string dir, string name, Action<byte[]> change)
    {
        var path = Path.Combine(dir, name);
        var bytes = File.ReadAllBytes(path);
        change(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Crc32C.Compute(bytes.AsSpan(0, bytes.Length - 4)));
        File.WriteAllBytes(path, bytes);
    }
}

using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>Flip a byte in, or truncate, each file kind: opening and checking must name the file, never answer wrongly.</summary>
public class CorruptionTests
{
    private static string BuildIndex(string path)
    {
        var corpus = new RandomCorpus(7, 500);
        using var w = IndexWriter.Create(path, new IndexSchema { VocabSize = 500, DenseDimension = 8, ImpactScale = 0.02f, Bm25 = new Bm25FieldSchema() },
            new IndexWriterOptions { MergePolicy = null });
        for (int i = 0; i < 300; i++)
            w.Upsert(new IndexDocument("doc-" + i, corpus.Vector(3, 30, 4f), "title " + i, "some text " + i, null,
                Enumerable.Range(0, 8).Select(x => (float)(x * i)).ToArray()));
        w.Commit();
        w.Delete("doc-5");
        w.Commit(new Dictionary<string, string> { ["k"] = "v" });
        return path;
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (var ext in new[] { ".pst", ".fwd", ".ids", ".sto", ".vec", ".liv", ".btm", ".bps", ".bnm", "commit" })
            foreach (var mode in new[] { "flip-middle", "flip-header", "flip-last", "truncate" })
                yield return [ext, mode];
        yield return [".pst", "flip-row"]; // a byte of a persisted dense block-bound row
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CorruptFileIsReportedByName(string ext, string mode)
    {
        using var dir = TestPaths.NewTempDir("ss-corrupt");
        BuildIndex(dir.Path);
        using (var clean = IndexReader.Open(dir.Path)) { Assert.Equal(299, clean.LiveDocCount); }
        var file = Directory.GetFiles(dir.Path).Select(Path.GetFileName).Single(f => ext == "commit" ? f!.StartsWith("commit_") : f!.EndsWith(ext))!;
        var path = Path.Combine(dir.Path, file);
        long rowOffset = mode == "flip-row" ? PostingsFileSurgery.FirstDenseRow(path).Offset : -1;
        var bytes = File.ReadAllBytes(path);
        switch (mode)
        {
            case "flip-row": bytes[rowOffset + 1] ^= 0x10; break;
            case "flip-middle": bytes[bytes.Length / 2] ^= 0x10; break;
            case "flip-header": bytes[9] ^= 0x01; break;
            case "flip-last": bytes[^1] ^= 0x80; break;
            case "truncate": bytes = bytes[..(bytes.Length * 2 / 3)]; break;
        }
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CorruptIndexException>(() => IndexReader.Open(dir.Path).Dispose());
        Assert.Equal(file, e.FileName);
        var report = IndexChecker.Check(dir.Path);
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.StartsWith(file + ":"));
        if (ext != "commit")
            Assert.Throws<CorruptIndexException>(() => IndexWriter.Open(dir.Path).Dispose());
    }

    [Fact]
    public void DenseRowDisagreeingWithItsBlockListIsReportedByCheck()
    {
        using var dir = TestPaths.NewTempDir("ss-corrupt");
        BuildIndex(dir.Path);
        var pst = Directory.GetFiles(dir.Path, "*.pst").Single();
        // Checksum re-sealed: only the structural check can tell the row from its block list.
        PostingsFileSurgery.FlipAndReseal(pst, PostingsFileSurgery.FirstDenseRow(pst).Offset + 2, 0x04);
        var report = IndexChecker.Check(dir.Path);
        Assert.Contains(report.Problems, p => p.StartsWith(Path.GetFileName(pst) + ":") && p.Contains("dense row"));
    }

    [Theory]
    [InlineData("clear-flag")]
    [InlineData("flag-absent-term")]
    [InlineData("flag-in-version-1")]
    public void DenseRowFlagsDisagreeingWithTheDensityRuleAreReportedByName(string mode)
    {
        using var dir = TestPaths.NewTempDir("ss-corrupt");
        BuildIndex(dir.Path);
        var pst = Directory.GetFiles(dir.Path, "*.pst").Single();
        var (term, _, absent) = PostingsFileSurgery.FirstDenseRow(pst);
        Assert.True(absent >= 0, "the test index needs a vocabulary term without postings");
        switch (mode)
        {
            case "clear-flag": PostingsFileSurgery.SetDenseRowFlag(pst, term, on: false); break;
            case "flag-absent-term": PostingsFileSurgery.SetDenseRowFlag(pst, absent, on: true); break;
            case "flag-in-version-1":
                PostingsFileSurgery.RewriteAsVersion1(pst);
                using (var v1 = IndexReader.Open(dir.Path)) { Assert.Equal(299, v1.LiveDocCount); }
                PostingsFileSurgery.SetDenseRowFlag(pst, term, on: true);
                break;
        }
        var e = Assert.Throws<CorruptIndexException>(() => IndexReader.Open(dir.Path).Dispose());
        Assert.Equal(Path.GetFileName(pst), e.FileName);
        Assert.Contains(IndexChecker.Check(dir.Path).Problems, p => p.StartsWith(Path.GetFileName(pst) + ":"));
    }

    [Fact]
    public void CleanIndexChecksOk()
    {
        using var dir = TestPaths.NewTempDir("ss-corrupt");
        BuildIndex(dir.Path);
        var report = IndexChecker.Check(dir.Path);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(299, report.LiveDocs);
    }

    [Fact]
    public void MissingFileIsReported()
    {
        using var dir = TestPaths.NewTempDir("ss-corrupt");
        BuildIndex(dir.Path);
        var file = Directory.GetFiles(dir.Path, "*.fwd").Single();
        File.Delete(file);
        var e = Assert.Throws<CorruptIndexException>(() => IndexReader.Open(dir.Path).Dispose());
        Assert.Equal(Path.GetFileName(file), e.FileName);
        Assert.Contains(IndexChecker.Check(dir.Path).Problems, p => p.Contains("missing"));
    }
}

using SparseSearch.Index;
using SparseSearch.Index.Codec;
using Xunit;

namespace SparseSearch.Tests.Index;

/// <summary>Out-of-range writer options fail when the writer is created or opened, naming the setting, before the
/// directory is touched.</summary>
public class WriterOptionsValidationTests
{
    private static readonly IndexSchema Schema = new() { VocabSize = 100, ImpactScale = 1f / 255f, SparseModel = "random" };

    public static TheoryData<string, IndexWriterOptions> Invalid() => new()
    {
        { nameof(IndexWriterOptions.MaxBufferedDocs), new IndexWriterOptions { MaxBufferedDocs = 0 } },
        { nameof(IndexWriterOptions.MaxBufferedDocs), new IndexWriterOptions { MaxBufferedDocs = -5 } },
        { nameof(IndexWriterOptions.MaxBufferedBytes), new IndexWriterOptions { MaxBufferedBytes = 0 } },
        { nameof(IndexWriterOptions.DocBlockShift), new IndexWriterOptions { DocBlockShift = -1 } },
        { nameof(IndexWriterOptions.DocBlockShift), new IndexWriterOptions { DocBlockShift = SegmentFiles.MaxDocBlockShift + 1 } },
        { nameof(IndexWriterOptions.ReorderedDocBlockShift), new IndexWriterOptions { ReorderedDocBlockShift = -1 } },
        { nameof(IndexWriterOptions.ReorderedDocBlockShift), new IndexWriterOptions { ReorderedDocBlockShift = SegmentFiles.MaxDocBlockShift + 1 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void CreateRejectsOutOfRangeOptionsBeforeTouchingTheDirectory(string setting, IndexWriterOptions options)
    {
        using var tmp = TestPaths.NewTempDir("ss-opts");
        string dir = Path.Combine(tmp.Path, "index");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IndexWriter.Create(dir, Schema, options));
        Assert.Equal(setting, e.ParamName);
        Assert.Contains("IndexWriterOptions." + setting, e.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void OpenRejectsOutOfRangeOptions(string setting, IndexWriterOptions options)
    {
        using var tmp = TestPaths.NewTempDir("ss-opts");
        IndexWriter.Create(tmp.Path, Schema).Dispose();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => IndexWriter.Open(tmp.Path, options));
        Assert.Equal(setting, e.ParamName);
        // The lock was never taken: a valid writer opens at once.
        IndexWriter.Open(tmp.Path).Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SegmentFiles.MaxDocBlockShift)]
    public void BoundaryValuesAreAccepted(int shift)
    {
        using var tmp = TestPaths.NewTempDir("ss-opts");
        using var w = IndexWriter.Create(tmp.Path, Schema, new IndexWriterOptions { DocBlockShift = shift, MaxBufferedDocs = 1, MaxBufferedBytes = 1, ReorderMinDocs = 0 });
        w.Upsert(new IndexDocument("a", new SparseSearch.Encoding.SparseVector([1, 2], [1f, 2f])));
        w.Commit();
        using var s = w.OpenSnapshot();
        Assert.Equal(1, s.DocCount);
    }

    [Fact]
    public void NegativeReorderMinDocsIsRejected() =>
        Assert.Equal(nameof(IndexWriterOptions.ReorderMinDocs),
            Assert.Throws<ArgumentOutOfRangeException>(() => new IndexWriterOptions { ReorderMinDocs = -1 }).ParamName);
}

using System.Text;
using SparseSearch.Indexing;
using Xunit;

namespace SparseSearch.Tests.Indexing;

public class CorpusReaderTests
{
    private static List<CorpusEntry> ReadAll(byte[] content, CorpusFields? fields = null, long skip = 0)
    {
        using var dir = TestPaths.NewTempDir("ss-corpus");
        var path = Path.Combine(dir.Path, "c.jsonl");
        File.WriteAllBytes(path, content);
        var reader = new CorpusReader(path, fields);
        using var input = InputProgress.Open(path);
        return reader.Read(skip, input).ToList();
    }

    [Fact]
    public void EveryBadLineIsReportedWithItsNumberAndReason()
    {
        var text = new StringBuilder()
            .Append("{\"_id\":\"a\",\"title\":\"T\",\"text\":\"good\"}\n")     // 1
            .Append("{\"_id\":\"b\",\"text\":\"broken\"\n")                     // 2 malformed
            .Append("{\"title\":\"no id\",\"text\":\"x\"}\n")                    // 3 missing id
            .Append("{\"_id\":\"c\",\"text\":42}\n")                             // 4 non-string text
            .Append("\n")                                                          // 5 blank: not a document
            .Append("{\"_id\":\"e\",\"text\":\"\"}\n")                           // 6 empty document: valid
            .Append("[1,2]\n")                                                     // 7 not an object
            .Append("{\"_id\":7,\"text\":\"numeric id\"}\n")                     // 8 numeric id: verbatim
            .Append("{\"_id\":{\"x\":1},\"text\":\"t\"}\n")                      // 9 object id
            .Append("{\"_id\":\"\",\"text\":\"t\"}\n")                           // 10 empty id
            .Append("{\"_id\":\"f\",\"title\":[\"x\"],\"text\":\"t\"}\n");      // 11 non-string title
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString()).ToList();
        // 12: invalid UTF-8 (a lone continuation byte inside the text)
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes("{\"_id\":\"g\",\"text\":\"bad "));
        bytes.Add(0x80);
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes("\"}\n"));
        var entries = ReadAll(bytes.ToArray());

        Assert.Equal([1L, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12], entries.Select(e => e.Line));
        var skipped = entries.Where(e => e.Skipped is not null).ToDictionary(e => e.Line, e => e.Skipped!.Reason);
        Assert.Equal(SkipReason.MalformedJson, skipped[2]);
        Assert.Equal(SkipReason.MissingId, skipped[3]);
        Assert.Equal(SkipReason.NonStringText, skipped[4]);
        Assert.Equal(SkipReason.MalformedJson, skipped[7]);
        Assert.Equal(SkipReason.BadId, skipped[9]);
        Assert.Equal(SkipReason.MissingId, skipped[10]);
        Assert.Equal(SkipReason.NonStringText, skipped[11]);
        Assert.Equal(SkipReason.InvalidUtf8, skipped[12]);
        Assert.Contains("\"text\" is a JSON Number, expected a string", entries.Single(e => e.Line == 4).Skipped!.Message);
        var docs = entries.Where(e => e.Document is not null).Select(e => e.Document!).ToList();
        Assert.Equal(["a", "e", "7"], docs.Select(d => d.Id));
        Assert.Equal("T good", docs[0].FullText);
        Assert.True(docs[1].IsEmpty);
    }

    [Fact]
    public void CustomFieldsAndResumeSkipLines()
    {
        var text = "{\"docid\":\"x1\",\"body\":\"one\"}\n{\"docid\":\"x2\",\"body\":\"two\"}\n{\"docid\":\"x3\",\"body\":\"three\"}\n";
        var entries = ReadAll(System.Text.Encoding.UTF8.GetBytes(text), new CorpusFields { IdField = "docid", TextField = "body" }, skip: 1);
        Assert.Equal(["x2", "x3"], entries.Select(e => e.Document!.Id));
        Assert.Equal([2L, 3], entries.Select(e => e.Line));
    }

    [Fact]
    public void PlainIdFieldIsAcceptedWhenThereIsNoUnderscoreId()
    {
        var entries = ReadAll("{\"id\":\"p\",\"text\":\"plain\"}\n"u8.ToArray());
        Assert.Equal("p", entries.Single().Document!.Id);
    }

    [Fact]
    public void ImpactScalesRoundTripExactly()
    {
        var rng = new Random(5);
        for (int i = 0; i < 10_000; i++)
        {
            float max = (float)(rng.NextDouble() * 50 + 1e-3);
            float s = ImpactScales.ForMaxWeight(max);
            Assert.True(s * 255f >= max, "scale must not saturate the largest weight");
            Assert.True(s <= max / 255f * (1 + 1e-4f));
            // The largest dequantised weight maps back to the same scale, and every impact × scale is exact.
            Assert.Equal(s, ImpactScales.ForMaxWeight(255f * s));
            for (int k = 1; k <= 255; k += 17) Assert.Equal((double)k * s, (double)(k * s));
        }
    }
}

using SparseSearch.Encoding;
using Xunit;

namespace SparseSearch.Tests.Encoding;

public class TextRecordReaderTests
{
    private static List<(TextRecord? Record, TextRecordError? Error)> ReadAll(byte[] content)
    {
        using var reader = new TextRecordReader(new MemoryStream(content));
        var all = new List<(TextRecord?, TextRecordError?)>();
        while (reader.TryRead(out var r, out var e)) all.Add((r, e));
        Assert.Equal(content.Length, reader.BytesRead);
        return all;
    }

    [Fact]
    public void BomCrLfMissingFinalNewlineAndTitles()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. "{\"_id\": \"a\", \"title\": \"T\", \"text\": \"body\"}\r\n{\"id\": 42, \"text\": \"x\", \"title\": null}"u8];
        var all = ReadAll(content);
        Assert.Equal(2, all.Count);
        Assert.Equal(new TextRecord(1, "a", "T body"), all[0].Record);
        Assert.Equal(new TextRecord(2, "42", "x"), all[1].Record);
    }

    [Fact]
    public void LinesLongerThanTheBufferAreRead()
    {
        string big = new('w', 300_000);
        var content = System.Text.Encoding.UTF8.GetBytes($"{{\"id\": \"1\", \"text\": \"{big}\"}}\n{{\"id\": \"2\", \"text\": \"small\"}}\n");
        var all = ReadAll(content);
        Assert.Equal(big, all[0].Record!.Text);
        Assert.Equal("small", all[1].Record!.Text);
    }

    [Theory]
    [InlineData("{\"id\": 1.5, \"text\": \"x\"}", "non-integer number")]
    [InlineData("{\"id\": \"\", \"text\": \"x\"}", "empty string")]
    [InlineData("{\"id\": \"a\"}", "missing \"text\"")]
    [InlineData("{\"id\": \"a\", \"text\": null}", "\"text\" is null")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("{\"id\": \"a\", \"text\": \"x\"", "malformed JSON")]
    [InlineData("   ", "blank line")]
    public void BadLinesAreExplained(string line, string expected)
    {
        var all = ReadAll(System.Text.Encoding.UTF8.GetBytes("{\"id\": \"ok\", \"text\": \"fine\"}\n" + line + "\n"));
        Assert.NotNull(all[0].Record);
        var error = all[1].Error;
        Assert.NotNull(error);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains(expected, error.Reason);
    }
}

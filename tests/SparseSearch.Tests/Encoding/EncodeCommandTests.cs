using System.Text.Json;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Encoding;

/// <summary>
/// `sparsesearch encode` run as a separate process (its stderr and exit code are the interface), on golden texts
/// mixed with bad lines.
/// </summary>
public class EncodeCommandTests
{
    private static readonly string[] GoldenIds = ["edge-0", "edge-3", "scifact-doc-5398179"];

    private static string WriteInput(TempDir dir)
    {
        var texts = GoldenFiles.Texts;
        var lines = new List<byte[]>();
        void Add(string s) => lines.Add(System.Text.Encoding.UTF8.GetBytes(s));
        Add(JsonSerializer.Serialize(new { id = GoldenIds[0], text = texts[GoldenIds[0]].Text }));
        Add("{\"id\": 1, \"text\": ");                                            // line 2: malformed
        Add(JsonSerializer.Serialize(new { _id = GoldenIds[1], text = texts[GoldenIds[1]].Text }));
        Add("{\"text\": \"no id\"}");                                             // line 4: missing id
        Add("{\"id\": \"n\", \"text\": [\"not\", \"a string\"]}");                // line 5: non-string text
        lines.Add([.. "{\"id\": \"u\", \"text\": \"bad "u8, 0xC3, 0x28, .. "\"}"u8]); // line 6: invalid UTF-8
        // SciFact document as title + text: the golden text is exactly title + " " + text.
        var full = texts[GoldenIds[2]].Text;
        var corpusLine = File.ReadLines(Path.Combine(TestPaths.Shared, "data", "scifact", "corpus.jsonl"))
            .First(l => l.Contains("\"_id\": \"5398179\""));
        using (var doc = JsonDocument.Parse(corpusLine))
            Assert.Equal(full, doc.RootElement.GetProperty("title").GetString() + " " + doc.RootElement.GetProperty("text").GetString());
        Add(corpusLine.Replace("\"_id\": \"5398179\"", $"\"_id\": \"{GoldenIds[2]}\""));
        var path = Path.Combine(dir.Path, "in.jsonl");
        using var f = File.Create(path);
        foreach (var l in lines) { f.Write(l); f.WriteByte((byte)'\n'); }
        return path;
    }

    private static void AssertReportsBadLines(string stderr, string input)
    {
        Assert.Contains($"{input}:2: malformed JSON", stderr);
        Assert.Contains($"{input}:4: missing \"id\"", stderr);
        Assert.Contains($"{input}:5: record \"n\": \"text\" is array; expected a string", stderr);
        Assert.Contains($"{input}:6: invalid UTF-8", stderr);
        Assert.Contains("encoded 3 of 7 lines (4 skipped, 1 truncated)", stderr);
    }

    private static List<(string Id, JsonElement Vector)> ReadOutput(string path)
    {
        var rows = new List<(string, JsonElement)>();
        foreach (var line in File.ReadLines(path))
        {
            var root = JsonDocument.Parse(line).RootElement;
            rows.Add((root.GetProperty("id").GetString()!, root.GetProperty("vector").Clone()));
        }
        return rows;
    }

    [Fact]
    public void SparseExportMatchesGoldenAndReportsBadLines()
    {
        using var dir = TestPaths.NewTempDir();
        var input = WriteInput(dir);
        var output = Path.Combine(dir.Path, "out.jsonl");
        var (exit, _, stderr) = CliProcess.Run("encode", "--model", Path.Combine(TestPaths.Models, "splade-tiny"), "--input", input, "--output", output);
        Assert.Equal(1, exit);
        AssertReportsBadLines(stderr, input);
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"));
        var rows = ReadOutput(output);
        Assert.Equal(GoldenIds, rows.Select(r => r.Id));
        foreach (var (id, vector) in rows)
        {
            var pairs = vector.EnumerateObject().Select(p => (Id: tokenizer.TryGetId(p.Name, out int t) ? t : -1, W: p.Value.GetSingle())).ToArray();
            var v = new SparseSearch.Encoding.SparseVector(pairs.Select(p => p.Id).ToArray(), pairs.Select(p => p.W).ToArray());
            SpladeEncoderTests.AssertMatchesGolden(GoldenFiles.Splade.Single(g => g.Id == id), v);
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void DenseExportMatchesGolden()
    {
        using var dir = TestPaths.NewTempDir();
        var input = WriteInput(dir);
        var output = Path.Combine(dir.Path, "out.jsonl");
        var (exit, _, stderr) = CliProcess.Run("encode", "--model", Path.Combine(TestPaths.Models, "all-MiniLM-L6-v2"), "--input", input, "--output", output);
        Assert.Equal(1, exit);
        Assert.Contains("encoded 3 of 7 lines (4 skipped, 1 truncated)", stderr);
        foreach (var (id, vector) in ReadOutput(output))
        {
            var v = vector.EnumerateArray().Select(e => e.GetSingle()).ToArray();
            var g = GoldenFiles.Dense.Single(x => x.Id == id).Vector;
            double dot = 0;
            for (int i = 0; i < v.Length; i++) dot += (double)v[i] * g[i];
            Assert.True(dot >= 0.99999, $"{id}: {dot}");
        }
    }

    [Fact]
    public void IdfQueryExportMatchesGoldenWithoutAModel()
    {
        using var dir = TestPaths.NewTempDir();
        var input = WriteInput(dir);
        var output = Path.Combine(dir.Path, "out.jsonl");
        var (exit, _, stderr) = CliProcess.Run("encode", "--query", "--idf", Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json"), "--input", input, "--output", output);
        Assert.Equal(1, exit);
        Assert.Contains("encoded 3 of 7 lines (4 skipped, 0 truncated)", stderr);
        var tokenizer = WordPieceTokenizer.FromFile(Path.Combine(TestPaths.Models, "opensearch-idf", "tokenizer.json"));
        foreach (var (id, vector) in ReadOutput(output))
        {
            var actual = vector.EnumerateObject().ToDictionary(p => tokenizer.TryGetId(p.Name, out int t) ? t : -1, p => (float)Math.Round((double)p.Value.GetSingle(), 6));
            var golden = GoldenFiles.Idf.Single(x => x.Id == id).Weights;
            Assert.Equal(golden.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        using var dir = TestPaths.NewTempDir();
        var input = WriteInput(dir);
        var (exit, _, stderr) = CliProcess.Run("encode", "--idf", "x.json", "--input", input, "--output", Path.Combine(dir.Path, "o.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("add --query", stderr);
        (exit, _, stderr) = CliProcess.Run("encode", "--model", Path.Combine(dir.Path, "missing-model"), "--input", input, "--output", Path.Combine(dir.Path, "o.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("missing-model does not exist", stderr);
        Assert.False(File.Exists(Path.Combine(dir.Path, "o.jsonl")));
    }
}

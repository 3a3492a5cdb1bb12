using System.Text;
using System.Text.Json;
using SparseSearch.Text.Analysis;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Analysis;

/// <summary>
/// Parity with Lucene 9.8's EnglishAnalyzer as Anserini runs it: golden/lucene-english-analyzer.jsonl holds Lucene's
/// token streams for the 288 golden texts and every tenth CACM document (title + " " + text).
/// </summary>
public class EnglishAnalyzerGoldenTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryGoldenTokenStreamIsReproducedExactly()
    {
        var texts = new Dictionary<string, string>();
        foreach (var (line, number) in ReadJsonLines(TestPaths.Golden("texts.jsonl")))
            texts[Field(line, "id", "texts.jsonl", number)] = Field(line, "text", "texts.jsonl", number);
        var cacm = Path.Combine(TestPaths.Shared, "data", "cacm", "corpus.jsonl");
        foreach (var (line, number) in ReadJsonLines(cacm))
            texts["cacm-doc-" + Field(line, "_id", cacm, number)] =
                Field(line, "title", cacm, number) + " " + Field(line, "text", cacm, number);

        var analyzer = new EnglishAnalyzer();
        int total = 0, failed = 0;
        var report = new StringBuilder();
        foreach (var (line, number) in ReadJsonLines(TestPaths.Golden("lucene-english-analyzer.jsonl")))
        {
            total++;
            string id = line.GetProperty("id").GetString()!;
            Assert.True(texts.TryGetValue(id, out var text), $"golden line {number}: no text with id {id}");
            var expected = line.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
            var actual = analyzer.Terms(text!);
            if (expected.SequenceEqual(actual))
                continue;
            failed++;
            int at = 0;
            while (at < expected.Count && at < actual.Count && expected[at] == actual[at])
                at++;
            if (failed <= 25)
                report.AppendLine($"line {number} ({id}): first difference at token {at}: expected "
                    + $"{Show(expected, at)} got {Show(actual, at)} (lengths {expected.Count} vs {actual.Count})");
        }
        output.WriteLine($"{total - failed}/{total} golden token streams equal");
        Assert.True(total == 609, $"expected 609 golden lines, read {total}");
        Assert.True(failed == 0, $"{failed} of {total} token streams differ:\n{report}");
    }

    private static string Show(List<string> tokens, int at) =>
        at < tokens.Count ? $"'{Escape(tokens[at])}'" : "<end>";

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var r in s.EnumerateRunes())
            sb.Append(r.Value is < 0x20 or (>= 0x7F and < 0xA0) or 0x200B or 0x200C or 0x200D or 0xFEFF
                ? $"\\u{r.Value:X4}" : r.ToString());
        return sb.ToString();
    }

    private static string Field(JsonElement line, string name, string file, int number) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"{file} line {number}: missing string field '{name}'");

    internal static IEnumerable<(JsonElement Line, int Number)> ReadJsonLines(string path)
    {
        int number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (text.Length == 0)
                continue;
            using var doc = JsonDocument.Parse(text);
            yield return (doc.RootElement.Clone(), number);
        }
    }
}

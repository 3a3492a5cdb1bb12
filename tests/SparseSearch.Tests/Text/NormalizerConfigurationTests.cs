using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SparseSearch.Text;
using Xunit;

namespace SparseSearch.Tests.Text;

/// <summary>
/// Parity with Hugging Face tokenizers under five BertNormalizer configurations (uncased, cased, strip without
/// lowercase, lowercase without strip, no clean/CJK handling) on 100 random multi-script texts. The reference
/// encodings in TestData/normalizer-configs.jsonl were made by tokenizers 0.23.2 (UnicodeDataGenerator/reference-configs.js).
/// </summary>
public sealed class NormalizerConfigurationTests
{
    private static string DataFile => Path.Combine(TestPaths.RepoRoot, "tests", "SparseSearch.Tests", "Text", "TestData", "normalizer-configs.jsonl");

    [Fact]
    public void EveryConfigurationMatchesTheReference()
    {
        using var dir = TestPaths.NewTempDir();
        var baseJson = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json")))!.AsObject();
        var tokenizers = new Dictionary<string, WordPieceTokenizer>();
        var failures = new StringBuilder();
        int lines = 0, failed = 0;
        foreach (var line in File.ReadLines(DataFile))
        {
            lines++;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            string config = r.GetProperty("config").GetString()!;
            if (!tokenizers.TryGetValue(config, out var tokenizer))
            {
                var json = baseJson.DeepClone().AsObject();
                json["normalizer"] = JsonNode.Parse(r.GetProperty("normalizer").GetRawText())!.AsObject();
                json["normalizer"]!["type"] = "BertNormalizer";
                string path = Path.Combine(dir.Path, config + ".json");
                File.WriteAllText(path, json.ToJsonString());
                tokenizers[config] = tokenizer = WordPieceTokenizer.FromFile(path);
            }
            string text = r.GetProperty("text").GetString()!;
            var ids = r.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var offsets = r.GetProperty("offsets").EnumerateArray().Select(e => new TokenOffset(e[0].GetInt32(), e[1].GetInt32())).ToArray();
            var encoded = tokenizer.Encode(text);
            int at = 0;
            while (at < ids.Length && at < encoded.Ids.Length && ids[at] == encoded.Ids[at] && offsets[at] == encoded.Offsets[at]) at++;
            if (at == ids.Length && at == encoded.Ids.Length) continue;
            failed++;
            failures.AppendLine($"line {lines} ({config}): first difference at token {at}: expected " +
                (at < ids.Length ? $"{ids[at]} {offsets[at]}" : "end") + ", got " +
                (at < encoded.Ids.Length ? $"{encoded.Ids[at]} {encoded.Offsets[at]}" : "end"));
        }
        Assert.Equal(500, lines);
        Assert.Equal(5, tokenizers.Count);
        Assert.True(failed == 0, $"{failed} of {lines} encodings differ:\n{failures}");
    }
}

using Xunit;
using System.Text;
using SparseSearch.Text;

namespace SparseSearch.Tests.Text;

/// <summary>Exact parity with Hugging Face tokenizers on the 288 golden texts: ids, tokens and offsets.</summary>
public sealed class GoldenTokenizationTests
{
    private static readonly string[] Sources =
    [
        "onnx-models/splade-tiny/tokenizer.json",
        "onnx-models/all-MiniLM-L6-v2/tokenizer.json",
        "shared/models/bert-base-uncased/vocab.txt",
    ];

    public static TheoryData<string> TokenizerFiles => new(Sources);

    private static string Resolve(string file) => file.StartsWith("shared/", StringComparison.Ordinal)
        ? Path.Combine(TestPaths.Shared, file["shared/".Length..])
        : Path.Combine(TestPaths.RepoRoot, file);

    [Theory]
    [MemberData(nameof(TokenizerFiles))]
    public void AllGoldenTextsEncodeExactly(string file)
    {
        var tokenizer = WordPieceTokenizer.FromFile(Resolve(file));
        var failures = new StringBuilder();
        int failed = 0;
        foreach (var golden in GoldenTexts.Items)
        {
            var encoded = tokenizer.Encode(golden.Text);
            string? problem = Compare(tokenizer, golden, encoded);
            if (problem is null) continue;
            failed++;
            failures.AppendLine($"{golden.Id}: {problem}");
        }
        Assert.True(failed == 0, $"{failed} of {GoldenTexts.Items.Count} texts differ from the golden tokenization with {file}:\n{failures}");
    }

    [Theory]
    [InlineData("onnx-models/splade-tiny/tokenizer.json", "splade-tiny.jsonl", 512)]
    [InlineData("onnx-models/all-MiniLM-L6-v2/tokenizer.json", "all-MiniLM-L6-v2.jsonl", 256)]
    public void TruncatedInputIdsMatchTheModelGoldens(string file, string golden, int maxLength)
    {
        var tokenizer = WordPieceTokenizer.FromFile(Resolve(file));
        var expected = GoldenTexts.InputIds(golden);
        var failures = new StringBuilder();
        int truncated = 0;
        foreach (var text in GoldenTexts.Items)
        {
            var encoded = tokenizer.Encode(text.Text, maxLength);
            if (encoded.Truncated) truncated++;
            var want = expected[text.Id];
            int at = FirstDifference(want, encoded.Ids);
            if (at >= 0)
                failures.AppendLine($"{text.Id}: first difference at {at} (expected {Describe(want, at)}, got {Describe(encoded.Ids, at)}; lengths {want.Length} vs {encoded.Ids.Length})");
            else
            {
                Assert.Equal(maxLength >= text.Ids.Length ? text.Ids.Length : maxLength, encoded.Ids.Length);
                Assert.Equal(text.Ids.Length, encoded.UntruncatedLength);
                Assert.Equal(text.Ids.Length > maxLength, encoded.Truncated);
            }
        }
        Assert.True(failures.Length == 0, $"input_ids differ from {golden}:\n{failures}");
        Assert.True(truncated > 0, $"no golden text was long enough to be truncated at {maxLength}");
    }

    [Fact]
    public void EncodeBatchEqualsEncodePerItem()
    {
        var tokenizer = WordPieceTokenizer.FromFile(Resolve("onnx-models/splade-tiny/tokenizer.json"));
        var texts = GoldenTexts.Items.Select(g => g.Text).ToArray();
        var batch = tokenizer.EncodeBatch(texts, 128);
        Assert.Equal(texts.Length, batch.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            var single = tokenizer.Encode(texts[i], 128);
            Assert.Equal(single.Ids, batch[i].Ids);
            Assert.Equal(single.Offsets, batch[i].Offsets);
            Assert.Equal(single.UntruncatedLength, batch[i].UntruncatedLength);
        }
        var small = tokenizer.EncodeBatch(texts[..5]);
        for (int i = 0; i < 5; i++) Assert.Equal(tokenizer.Encode(texts[i]).Ids, small[i].Ids);
    }

    [Fact]
    public void DistinctTermIdsAreTheInferenceFreeQueryTerms()
    {
        // idf-query.jsonl: each distinct non-special token id of the text that has a positive idf.json value.
        var tokenizer = WordPieceTokenizer.FromFile(Resolve("onnx-models/opensearch-idf/tokenizer.json"));
        using var idfDoc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.Models, "opensearch-idf", "idf.json")));
        var idf = idfDoc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var texts = GoldenTexts.Items.ToDictionary(g => g.Id, g => g.Text);
        var failures = new StringBuilder();
        int lines = 0;
        foreach (var line in File.ReadLines(TestPaths.Golden("idf-query.jsonl")))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            string id = doc.RootElement.GetProperty("id").GetString()!;
            var expected = doc.RootElement.GetProperty("weights").EnumerateObject().Select(p => int.Parse(p.Name)).Order().ToArray();
            var actual = tokenizer.GetDistinctTermIds(texts[id]).Where(t => idf.GetValueOrDefault(tokenizer.GetToken(t)) > 0).ToArray();
            lines++;
            if (!expected.SequenceEqual(actual))
                failures.AppendLine($"{id}: expected [{string.Join(",", expected)}], got [{string.Join(",", actual)}]");
        }
        Assert.Equal(GoldenTexts.Items.Count, lines);
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void AllThreeSourcesShareOneVocabulary()
    {
        var checksums = Sources.Select(file => WordPieceTokenizer.FromFile(Resolve(file)).VocabularyChecksum).Distinct().ToArray();
        Assert.Single(checksums);
        Assert.Matches("^[0-9a-f]{64}$", checksums[0]);
    }

    private static string? Compare(WordPieceTokenizer tokenizer, GoldenText golden, TokenizedText encoded)
    {
        int at = FirstDifference(golden.Ids, encoded.Ids);
        if (at >= 0)
            return $"ids differ first at position {at}: expected {Describe(golden.Ids, at)} \"{Token(golden.Tokens, at)}\", got {Describe(encoded.Ids, at)} \"{(at < encoded.Ids.Length ? tokenizer.GetToken(encoded.Ids[at]) : "-")}\" (lengths {golden.Ids.Length} vs {encoded.Ids.Length})";
        for (int i = 0; i < golden.Ids.Length; i++)
        {
            string token = tokenizer.GetToken(encoded.Ids[i]);
            if (token != golden.Tokens[i]) return $"token {i} is \"{token}\", expected \"{golden.Tokens[i]}\"";
            var (start, end) = golden.Offsets[i];
            if (encoded.Offsets[i] != new TokenOffset(start, end))
                return $"offset of token {i} (\"{token}\") is ({encoded.Offsets[i].Start}, {encoded.Offsets[i].End}), expected ({start}, {end})";
        }
        if (encoded.Truncated || encoded.UntruncatedLength != golden.Ids.Length) return "reported as truncated without a maximum length";
        return null;
    }

    private static int FirstDifference(int[] expected, int[] actual)
    {
        int n = Math.Min(expected.Length, actual.Length);
        for (int i = 0; i < n; i++)
            if (expected[i] != actual[i]) return i;
        return expected.Length == actual.Length ? -1 : n;
    }

    private static string Describe(int[] ids, int at) => at < ids.Length ? ids[at].ToString() : "end";

    private static string Token(string[] tokens, int at) => at < tokens.Length ? tokens[at] : "-";
}

using Xunit;
using System.Text.Json;

namespace SparseSearch.Tests.Text;

/// <summary>The 288 golden texts with the reference tokenization and the models' truncated input ids.</summary>
internal sealed record GoldenText(string Id, string Text, int[] Ids, string[] Tokens, (int Start, int End)[] Offsets);

internal static class GoldenTexts
{
    private static readonly Lazy<IReadOnlyList<GoldenText>> All = new(Load);

    public static IReadOnlyList<GoldenText> Items => All.Value;

    /// <summary>id → input_ids of a model golden file (splade-tiny.jsonl, all-MiniLM-L6-v2.jsonl).</summary>
    public static Dictionary<string, int[]> InputIds(string goldenFile)
    {
        var result = new Dictionary<string, int[]>();
        foreach (var line in File.ReadLines(TestPaths.Golden(goldenFile)))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            result[root.GetProperty("id").GetString()!] = root.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        }
        return result;
    }

    private static IReadOnlyList<GoldenText> Load()
    {
        var texts = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(TestPaths.Golden("texts.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            texts[doc.RootElement.GetProperty("id").GetString()!] = doc.RootElement.GetProperty("text").GetString()!;
        }
        var items = new List<GoldenText>();
        foreach (var line in File.ReadLines(TestPaths.Golden("tokenization.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            string id = r.GetProperty("id").GetString()!;
            items.Add(new GoldenText(
                id,
                texts[id],
                r.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                r.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                r.GetProperty("offsets").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32())).ToArray()));
        }
        Assert.Equal(288, items.Count);
        Assert.Equal(texts.Count, items.Count);
        return items;
    }
}

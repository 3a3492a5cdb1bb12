using System.Text.Json;

namespace SparseSearch.Tests.Encoding;

/// <summary>One line of ../shared/golden/splade-tiny.jsonl: truncated input ids and the raw non-zero weights.</summary>
internal sealed record SpladeGolden(string Id, int[] InputIds, Dictionary<int, float> Weights);

/// <summary>One line of ../shared/golden/all-MiniLM-L6-v2.jsonl.</summary>
internal sealed record DenseGolden(string Id, int[] InputIds, float[] Vector);

/// <summary>One line of ../shared/golden/idf-query.jsonl (token id → idf weight).</summary>
internal sealed record IdfGolden(string Id, Dictionary<int, float> Weights);

/// <summary>Readers for the golden files (parsed once per test run).</summary>
internal static class GoldenFiles
{
    private static readonly Lazy<SpladeGolden[]> SpladeLazy = new(() => ReadLines("splade-tiny.jsonl", root =>
        new SpladeGolden(root.GetProperty("id").GetString()!, Ints(root.GetProperty("input_ids")), IdWeights(root.GetProperty("weights")))));

    private static readonly Lazy<DenseGolden[]> DenseLazy = new(() => ReadLines("all-MiniLM-L6-v2.jsonl", root =>
        new DenseGolden(root.GetProperty("id").GetString()!, Ints(root.GetProperty("input_ids")),
            root.GetProperty("vector").EnumerateArray().Select(e => e.GetSingle()).ToArray())));

    private static readonly Lazy<IdfGolden[]> IdfLazy = new(() => ReadLines("idf-query.jsonl", root =>
        new IdfGolden(root.GetProperty("id").GetString()!, IdWeights(root.GetProperty("weights")))));

    private static readonly Lazy<Dictionary<string, (string Text, int[] Ids)>> TokenizationLazy = new(() =>
    {
        var texts = ReadLines("texts.jsonl", r => (Id: r.GetProperty("id").GetString()!, Text: r.GetProperty("text").GetString()!));
        var ids = ReadLines("tokenization.jsonl", r => (Id: r.GetProperty("id").GetString()!, Ids: Ints(r.GetProperty("ids"))));
        var map = texts.ToDictionary(t => t.Id, t => (t.Text, Array.Empty<int>()));
        foreach (var (id, tokenIds) in ids) map[id] = (map[id].Text, tokenIds);
        return map;
    });

    public static SpladeGolden[] Splade => SpladeLazy.Value;

    public static DenseGolden[] Dense => DenseLazy.Value;

    public static IdfGolden[] Idf => IdfLazy.Value;

    /// <summary>Text and untruncated token ids of each golden text, by id.</summary>
    public static Dictionary<string, (string Text, int[] Ids)> Texts => TokenizationLazy.Value;

    private static T[] ReadLines<T>(string file, Func<JsonElement, T> parse)
    {
        var result = new List<T>();
        foreach (var line in File.ReadLines(TestPaths.Golden(file)))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            result.Add(parse(doc.RootElement));
        }
        return result.ToArray();
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static Dictionary<int, float> IdWeights(JsonElement obj)
    {
        var map = new Dictionary<int, float>();
        foreach (var p in obj.EnumerateObject()) map[int.Parse(p.Name)] = p.Value.GetSingle();
        return map;
    }
}

using System.Globalization;
using System.Text.Json;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Text.Analysis;

namespace SparseSearch.Tests.Bm25;

/// <summary>A BEIR data set (corpus, queries, test qrels) from ../shared/data/NAME.</summary>
public class BeirData
{
    public BeirData(string name)
    {
        var dir = Path.Combine(TestPaths.Shared, "data", name);
        foreach (var (line, number) in Analysis.EnglishAnalyzerGoldenTests.ReadJsonLines(Path.Combine(dir, "corpus.jsonl")))
            Corpus.Add((Str(line, "_id", "corpus.jsonl", number),
                Str(line, "title", "corpus.jsonl", number) + " " + Str(line, "text", "corpus.jsonl", number)));
        foreach (var (line, number) in Analysis.EnglishAnalyzerGoldenTests.ReadJsonLines(Path.Combine(dir, "queries.jsonl")))
            Queries[Str(line, "_id", "queries.jsonl", number)] = Str(line, "text", "queries.jsonl", number);
        Qrels = MiniNdcg.ReadQrels(Path.Combine(dir, "qrels", "test.tsv"));
    }

    /// <summary>(id, title + " " + text) per document, in file order.</summary>
    public List<(string Id, string Contents)> Corpus { get; } = new();

    public Dictionary<string, string> Queries { get; } = new();

    public Dictionary<string, Dictionary<string, int>> Qrels { get; }

    public InMemoryBm25Index BuildIndex(ITextAnalyzer analyzer)
    {
        var index = new InMemoryBm25Index(analyzer, Bm25Parameters.Anserini);
        foreach (var (id, contents) in Corpus)
            index.Add(id, contents);
        return index;
    }

    /// <summary>The top <paramref name="depth"/> hits of every test query.</summary>
    public Dictionary<string, List<(string Doc, double Score)>> Run(InMemoryBm25Index index, int depth)
    {
        var run = new Dictionary<string, List<(string, double)>>();
        foreach (var qid in Qrels.Keys)
        {
            if (!Queries.TryGetValue(qid, out var text))
                throw new InvalidDataException($"test query {qid} missing from queries.jsonl");
            run[qid] = index.Search(text, depth).Select(h => (h.Id, (double)h.Score)).ToList();
        }
        return run;
    }

    public static Dictionary<string, List<(string Doc, double Score)>> ReadTrecRun(string path)
    {
        var run = new Dictionary<string, List<(string, double)>>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 6 || !double.TryParse(f[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double score))
                throw new InvalidDataException($"{path} line {number}: expected 'qid Q0 doc rank score tag'");
            if (!run.TryGetValue(f[0], out var list))
                run[f[0]] = list = new();
            list.Add((f[2], score));
        }
        return run;
    }

    private static string Str(JsonElement line, string name, string file, int number) =>
        line.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new InvalidDataException($"{file} line {number}: missing string field '{name}'");
}

/// <summary>SciFact (BEIR test split), read once per test class.</summary>
public sealed class SciFactData() : BeirData("scifact");

using Xunit;

namespace SparseSearch.Tests.EvalCli;

/// <summary>
/// A small SciFact slice in BEIR layout (8 test queries, their judged documents and 24 others) and one
/// <c>sparsesearch eval --mode hybrid</c> run over it that builds the index live (splade-tiny + MiniLM + BM25), shared
/// by the tests of <see cref="EvalCliTests"/>.
/// </summary>
public sealed class EvalCliFixture : IDisposable
{
    private readonly TempDir _dir = TestPaths.NewTempDir("ss-evalcli");

    public EvalCliFixture()
    {
        // named scifact so the report sets it beside the SciFact reference rows (the numbers differ: it is a slice)
        DatasetDir = Path.Combine(_dir.Path, "slice", "scifact");
        IndexDir = Path.Combine(_dir.Path, "index");
        WriteSlice(DatasetDir);
        HybridOut = Path.Combine(_dir.Path, "out-hybrid");
        Hybrid = Run("eval", "--dataset", DatasetDir, "--index", IndexDir, "--mode", "hybrid", "--out", HybridOut);
    }

    public string Root => _dir.Path;

    public string DatasetDir { get; }

    public string IndexDir { get; }

    public string HybridOut { get; }

    /// <summary>The first eval (which built the index).</summary>
    public (int Exit, string Stdout, string Stderr) Hybrid { get; }

    public int QueryCount { get; private set; }

    /// <summary>Runs the CLI as its own process in the repository root.</summary>
    public static (int Exit, string Stdout, string Stderr) Run(params string[] args) => CliProcess.Run(args);

    private void WriteSlice(string dir)
    {
        string src = Path.Combine(TestPaths.Shared, "data", "scifact");
        Directory.CreateDirectory(Path.Combine(dir, "qrels"));
        var qrelLines = File.ReadLines(Path.Combine(src, "qrels", "test.tsv")).ToList();
        var queryIds = new List<string>();
        var docIds = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string> { qrelLines[0] };
        foreach (var line in qrelLines.Skip(1))
        {
            var f = line.Split('\t');
            if (!queryIds.Contains(f[0]))
            {
                if (queryIds.Count == 8) break;
                queryIds.Add(f[0]);
            }
            docIds.Add(f[1]);
            kept.Add(line);
        }
        QueryCount = queryIds.Count;
        File.WriteAllLines(Path.Combine(dir, "qrels", "test.tsv"), kept);
        File.WriteAllLines(Path.Combine(dir, "queries.jsonl"),
            File.ReadLines(Path.Combine(src, "queries.jsonl")).Where(l => queryIds.Any(q => l.StartsWith($"{{\"_id\": \"{q}\"", StringComparison.Ordinal))));
        int others = 0;
        var corpus = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(src, "corpus.jsonl")))
        {
            int start = line.IndexOf("\"_id\": \"", StringComparison.Ordinal) + 8;
            string id = line[start..line.IndexOf('"', start)];
            if (docIds.Contains(id)) corpus.Add(line);
            else if (others < 24) { corpus.Add(line); others++; }
        }
        Assert.Equal(docIds.Count + 24, corpus.Count);
        File.WriteAllLines(Path.Combine(dir, "corpus.jsonl"), corpus);
    }

    public void Dispose() => _dir.Dispose();
}

using System.CommandLine;
using System.Globalization;
using SparseSearch.Evaluation;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Reports;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search.Query;
using Spectre.Console;

namespace SparseSearch.Cli.Commands;

/// <summary>Options shared by <c>eval</c>, <c>eval sweep</c> and <c>eval tune</c>: dataset, index (built if missing), output.</summary>
internal sealed class EvalOptions
{
    public QueryOptions Query { get; } = new();
    public Option<string> Dataset { get; } = new("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv.", Required = true };
    public Option<string> Split { get; } = new("--split") { Description = "Qrels split.", DefaultValueFactory = _ => "test" };
    public Option<string?> PreEncoded { get; } = new("--pre-encoded") { Description = "If --index does not exist: build it from the vectors in this folder (<model>.corpus.jsonl.gz, e.g. ../shared/data/scifact/encoded) instead of encoding the corpus live." };
    public Option<string?> BuildDense { get; } = new("--build-dense-model") { Description = "If --index does not exist: dense model of the new index (\"none\" = no dense field).", DefaultValueFactory = _ => "onnx-models/all-MiniLM-L6-v2" };
    public Option<string?> Reference { get; } = new("--reference") { Description = "Reference table set beside the results (default eval/reference/REFERENCE_MODELS.md when present)." };

    public void AddTo(Command command)
    {
        Query.AddTo(command);
        foreach (var o in new Option[] { Dataset, Split, PreEncoded, BuildDense, Reference })
            command.Options.Add(o);
    }

    /// <summary>Opens the dataset and builds the index when missing (with sparse + dense + BM25 fields).</summary>
    public BeirDataset OpenAndBuild(ParseResult parse)
    {
        var dataset = BeirDataset.Open(parse.GetValue(Dataset)!, parse.GetValue(Split)!);
        string index = parse.GetValue(Query.Index)!;
        string? dense = parse.GetValue(BuildDense);
        var source = new EvaluationIndexSource
        {
            SparseModel = parse.GetValue(Query.SparseModel) ?? IndexingRequest.DefaultSparseModel,
            DenseModel = dense is null || dense == IndexingRequest.NoModel ? null : parse.GetValue(Query.DenseModel) ?? dense,
            PreEncoded = parse.GetValue(PreEncoded),
        };
        if (!EvaluationIndex.Exists(index) || EvaluationIndex.IsUnfinishedBuild(index))
        {
            Console.Error.WriteLine($"building {index} (or finishing its stopped build) from {(source.PreEncoded is null ? dataset.CorpusPath + " (live encoding)" : source.PreEncoded)} …");
            Indexing.IndexingReport report;
            using (var stop = new GracefulStop("Stopping the build after committing what is encoded; rerun the same command to continue it.", alsoSigterm: false))
                report = IndexProgressView.Show(started => EvaluationIndex.EnsureBuilt(dataset, index, source, started, stop.Token)!);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"indexed {report.Run.Indexed} documents in {report.Wall.TotalSeconds:F1} s ({string.Join(", ", report.Encode.Select(e => $"{e.Key} {e.Value.TotalSeconds:F1} s"))})"));
        }
        Console.Error.WriteLine($"{dataset.Name} ({dataset.Split}): {dataset.Queries.Count} judged queries; index {index}");
        return dataset;
    }

    /// <summary>Opens the engine with the models the requests need, after checking the index holds the whole corpus.</summary>
    public EngineSession OpenEngine(ParseResult parse, BeirDataset dataset, params SearchRequest[] requests)
    {
        var session = Query.OpenEngine(parse, requests);
        try
        {
            EvaluationIndex.RequireComplete(dataset, parse.GetValue(Query.Index)!, session.Engine.Snapshot.LiveDocCount);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The reference table: the given file, else eval/reference/REFERENCE_MODELS.md when found here or above.</summary>
    public ReferenceTable? LoadReference(ParseResult parse)
    {
        if (parse.GetValue(Reference) is { } given) return ReferenceTable.Load(given);
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "eval", "reference", "REFERENCE_MODELS.md");
            if (File.Exists(p)) return ReferenceTable.Load(p);
        }
        return null;
    }

    /// <summary>The model names recorded in the index, by role.</summary>
    public static Dictionary<string, string> Models(IndexSchema schema)
    {
        var models = new Dictionary<string, string>();
        if (schema.SparseModel is { } s) models["sparse"] = s;
        if (schema.DenseModel is { } d) models["dense"] = d;
        if (schema.Bm25 is { } b) models["bm25"] = string.Create(CultureInfo.InvariantCulture, $"{b.Analyzer} k1 {b.K1} b {b.B}");
        return models;
    }

    /// <summary>The command line as typed (recorded in reports).</summary>
    public static string CommandLine() => "sparsesearch " + string.Join(" ", Environment.GetCommandLineArgs().Skip(1).Select(Quote));

    private static string Quote(string a) => a.Length > 0 && a.IndexOfAny([' ', '"', '\'', '$']) < 0 ? a : "'" + a.Replace("'", "'\\''") + "'";

    /// <summary>A progress line on stderr every 10 % of the queries.</summary>
    public static IProgress<int> QueryProgress(string what, int total) => new SyncProgress(done =>
    {
        if (total > 0 && (done == total || done % Math.Max(1, total / 10) == 0))
            Console.Error.WriteLine($"{what}: {done}/{total} queries");
    });

    /// <summary>Runs a body, turning expected failures into one clear line on stderr and exit code 1.</summary>
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is InvalidSearchRequestException or ModeNotSupportedException
            or Indexing.ModelMismatchException or IndexNotFoundException or CorruptIndexException or Encoding.ModelFormatException
            or Onnx.OnnxRuntimeException or DirectoryNotFoundException or FileNotFoundException or DataFormatException
            or IndexingException or FormatException or IOException or ArgumentException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    /// <summary>Prints the means (and the reference rows when given).</summary>
    public static void PrintSummary(EvaluationOutcome outcome, ReferenceTable? reference, IReadOnlyList<string> referenceRuns)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{outcome.Settings.Dataset} · {outcome.Settings.Mode} · {outcome.Result.QueryIds.Count} queries");
        table.AddColumn("measure");
        table.AddColumn(new TableColumn("value").RightAligned());
        var rows = new List<(string Run, string Short)>();
        if (reference is not null)
            foreach (var r in referenceRuns)
                if (reference.HasRun(r)) rows.Add((r, r.Length > 28 ? r[..28] + "…" : r));
        foreach (var (_, s) in rows) table.AddColumn(new TableColumn(Markup.Escape(s)).RightAligned());
        foreach (var m in outcome.Settings.Metrics)
        {
            var cells = new List<string> { m.Name, outcome.Result.Mean(m).ToString("F4", CultureInfo.InvariantCulture) };
            foreach (var (run, _) in rows)
                cells.Add(reference!.Get(run, outcome.Settings.Dataset, m.Label) is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        var t = outcome.Timing;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1} s, {t.QueriesPerSecond:F1} queries/s, p50 {t.P50Ms:F1} ms, p95 {t.P95Ms:F1} ms"));
    }


    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

using System.CommandLine;
using System.Globalization;
using SparseSearch.Index;
using SparseSearch.Indexing;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// <c>sparsesearch index</c>: bulk-indexes a JSONL corpus (encoded live) or a pre-encoded vector file. Exit codes:
/// 0 = done, nothing skipped; 2 = done but some lines were skipped (each listed); 130 = stopped by Ctrl-C / SIGTERM after
/// committing (rerun the same command to continue); 1 = error (the last commit is intact). After a finished run it
/// optimizes the index (<c>--optimize auto|always|never</c>; the rule is <see cref="OptimizeAfterIndexing"/>).
/// </summary>
internal static class IndexCommand
{
    public const int ExitSkipped = 2;
    public const int ExitInterrupted = 130;

    public static Command Create()
    {
        var corpus = new Option<string?>("--corpus") { Description = "Input JSONL (BEIR corpus.jsonl or any JSONL; .gz accepted), encoded with the models." };
        var preEncoded = new Option<string?>("--pre-encoded") { Description = "Anserini JsonVectorCollection file {\"id\",\"contents\",\"vector\":{token: weight}} to import instead of encoding (.gz accepted)." };
        var preEncodedDense = new Option<string?>("--pre-encoded-dense") { Description = "Dense vectors {\"id\",\"vector\":[floats]} joined by id to --pre-encoded." };
        var index = new Option<string>("--index") { Description = "Index directory (created if missing).", Required = true };
        var sparse = new Option<string>("--sparse-model") { Description = $"Sparse model folder (default {IndexingRequest.DefaultSparseModel}: relative paths are looked up in the current directory, ${ModelLocator.ModelsVariable}, then above the program's folder); \"{IndexingRequest.NoModel}\" = no learned sparse field (BM25 only).", DefaultValueFactory = _ => IndexingRequest.DefaultSparseModel };
        var bm25 = new Option<bool>("--bm25") { Description = "Add a BM25 field over title + text (Lucene's English analyzer, k1 0.9, b 0.4)." };
        var dense = new Option<string?>("--dense-model") { Description = "Optional dense model folder, e.g. onnx-models/all-MiniLM-L6-v2 (adds a dense field)." };
        var batchTokens = new Option<int>("--batch-tokens") { Description = "Token budget per model batch (padded length × batch size; default 2048)." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads per model run (default: one per core)." };
        var commitEvery = new Option<int>("--commit-every") { Description = "Commit every N documents (default 2000; also at least once a minute)." };
        var idField = new Option<string?>("--id-field") { Description = "Id field (default _id, else id)." };
        var titleField = new Option<string>("--title-field") { Description = "Title field.", DefaultValueFactory = _ => "title" };
        var textField = new Option<string>("--text-field") { Description = "Text field.", DefaultValueFactory = _ => "text" };
        var limit = new Option<long>("--limit") { Description = "Stop after N documents in this run (a rerun continues after them)." };
        var restart = new Option<bool>("--restart") { Description = "Delete the existing index in --index and start over (needed when the input or models changed)." };
        var scale = new Option<float?>("--impact-scale") { Description = "Impact quantisation step of a new index (weight = impact × scale); default: from the data." };
        var skipLog = new Option<string?>("--skip-log") { Description = "Write every skipped line (line number and reason) to this file." };
        var optimize = new Option<string>("--optimize")
        {
            Description = "After the run, optimize the index into one segment reordered into 4-document blocks (the fast search layout): " +
                "auto = when the run finished and built the index from empty (new index, --restart, or its continuation); always = after any finished run; never.",
            DefaultValueFactory = _ => "auto",
        };
        optimize.AcceptOnlyFromAmong("auto", "always", "never");

        var command = new Command("index", "Bulk-index a corpus (encoded with the models) or pre-encoded vectors; resumable. " +
            "A finished new build is then optimized (--optimize). " +
            "Exit code 0 = done; 2 = done with skipped lines; 130 = interrupted after committing (rerun to continue); 1 = error (also a failed optimize; the last commit stays).");
        foreach (var o in new Option[] { corpus, preEncoded, preEncodedDense, index, sparse, bm25, dense, batchTokens, threads, commitEvery, idField, titleField, textField, limit, restart, scale, skipLog, optimize })
            command.Options.Add(o);

        command.SetAction(parse =>
        {
            StreamWriter? log = null;
            try
            {
                string? logPath = parse.GetValue(skipLog);
                log = logPath is null ? null : new StreamWriter(logPath);
                string input = parse.GetValue(corpus) ?? parse.GetValue(preEncoded) ?? "";
                var request = new IndexingRequest
                {
                    Corpus = parse.GetValue(corpus),
                    PreEncoded = parse.GetValue(preEncoded),
                    PreEncodedDense = parse.GetValue(preEncodedDense),
                    IndexDirectory = parse.GetValue(index)!,
                    SparseModel = parse.GetValue(sparse)!,
                    DenseModel = parse.GetValue(dense),
                    Bm25 = parse.GetValue(bm25),
                    Fields = new CorpusFields { IdField = parse.GetValue(idField), TitleField = parse.GetValue(titleField)!, TextField = parse.GetValue(textField)! },
                    BatchTokens = parse.GetValue(batchTokens),
                    Threads = parse.GetValue(threads),
                    CommitEvery = parse.GetValue(commitEvery),
                    Limit = parse.GetValue(limit),
                    Restart = parse.GetValue(restart),
                    ImpactScale = parse.GetValue(scale),
                    OnSkipped = log is null ? null : s => log.WriteLine($"{input}:{s.Line}: {s.Reason}: {s.Message}"),
                };
                var mode = Enum.Parse<OptimizeMode>(parse.GetValue(optimize)!, ignoreCase: true);
                IndexingReport report;
                using (var job = IndexingJob.Open(request))
                using (var stop = new GracefulStop("Stopping: abandoning the batch being encoded, writing what is encoded, committing. Ctrl-C again to quit at once.", alsoSigterm: true))
                    report = IndexProgressView.Show(started => job.Run(stop.Token, started));
                PrintSummary(report, input, request.IndexDirectory, logPath);
                // The signal handlers are gone: Ctrl-C or SIGTERM now ends the optimize at once, which is safe (the run's commit stays).
                var decision = OptimizeAfterIndexing.Decide(mode, report);
                if (decision.Optimize && !Optimize(request.IndexDirectory))
                    return 1;
                if (!decision.Optimize && mode == OptimizeMode.Auto && report.Outcome == IndexingOutcome.Completed)
                    Console.WriteLine($"  optimize   skipped: {decision.Reason}");
                return report.Outcome == IndexingOutcome.Interrupted ? ExitInterrupted : report.Run.Skipped > 0 ? ExitSkipped : 0;
            }
            catch (Exception e) when (e is IndexingException or ModelMismatchException or FileNotFoundException or DirectoryNotFoundException
                or ArgumentException or IndexLockedException or CorruptIndexException or IOException or UnauthorizedAccessException
                or SparseSearch.Encoding.ModelFormatException or SparseSearch.Onnx.OnnxRuntimeException or SparseSearch.Evaluation.DataFormatException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
            finally
            {
                log?.Dispose();
            }
        });
        return command;
    }

    /// <summary>Optimizes with the defaults of <c>sparsesearch optimize</c> and prints one line; false (error printed) on failure.</summary>
    private static bool Optimize(string indexDir)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            Console.Error.WriteLine("optimizing: one segment, reordered into 4-document blocks …");
            var r = IndexOptimizer.Optimize(indexDir, new OptimizeOptions());
            double s = r.Elapsed.TotalSeconds;
            Console.WriteLine(r.Committed
                ? string.Create(c, $"  optimize   {s,10:F1} s   {r.SegmentsBefore:N0} -> {r.SegmentsAfter:N0} segments, reordered into blocks of {1 << new OptimizeOptions().DocBlockShift} documents; index size {r.BytesAfter / 1048576.0:F1} MB")
                : string.Create(c, $"  optimize   {s,10:F1} s   already optimized"));
            return true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or InvalidOperationException)
        {
            // IndexLockedException and CorruptIndexException are IOExceptions.
            Console.Error.WriteLine($"error: optimize failed: {e.Message}");
            Console.Error.WriteLine($"The index as this run committed it is intact; rerun `sparsesearch optimize --index {Path.GetFullPath(indexDir)}` to optimize it.");
            return false;
        }
    }

    private static void PrintSummary(IndexingReport r, string input, string indexDir, string? logPath)
    {
        var c = CultureInfo.InvariantCulture;
        var run = r.Run;
        string outcome = r.Outcome switch
        {
            IndexingOutcome.Completed => "completed",
            IndexingOutcome.Interrupted => $"interrupted: committed up to input line {r.LinesDone}; rerun the same command to continue",
            IndexingOutcome.LimitReached => $"limit reached: committed up to input line {r.LinesDone}; rerun to continue",
            _ => "nothing to do: the index already holds all of this input",
        };
        Console.WriteLine($"index {Path.GetFullPath(indexDir)}: {outcome}");
        if (r.ResumedAfterLine > 0) Console.WriteLine(string.Create(c, $"  resumed after input line {r.ResumedAfterLine}"));
        Console.WriteLine(string.Create(c, $"  indexed    {run.Indexed,10:N0}   (updates of an existing id: {run.Duplicates:N0}; empty documents indexed with the model's [CLS] [SEP] vector: {run.Empty:N0})"));
        Console.WriteLine(string.Create(c, $"  truncated  {run.Truncated,10:N0}   (longer than a model's maximum length; cut)"));
        Console.WriteLine(string.Create(c, $"  skipped    {run.Skipped,10:N0}"));
        foreach (var (reason, n) in r.SkippedByReason) Console.WriteLine(string.Create(c, $"    {reason,-20} {n,8:N0}"));
        int shown = 0;
        foreach (var s in r.Skipped)
        {
            if (shown++ == 20) { Console.WriteLine(string.Create(c, $"    … {run.Skipped - 20:N0} more{(logPath is null ? " (--skip-log FILE lists all)" : $" (all in {logPath})")}")); break; }
            Console.WriteLine($"    {input}:{s.Line}: {s.Message}");
        }
        if (r.ResumedAfterLine > 0)
            Console.WriteLine(string.Create(c, $"  all runs: indexed {r.AllRuns.Indexed:N0}, skipped {r.AllRuns.Skipped:N0}, updates {r.AllRuns.Duplicates:N0}, truncated {r.AllRuns.Truncated:N0}"));
        double wall = r.Wall.TotalSeconds;
        Console.WriteLine(string.Create(c, $"  wall time  {wall,10:F1} s   ({(wall > 0 ? run.Indexed / wall : 0):F1} docs/s)"));
        foreach (var (name, t) in r.Encode) Console.WriteLine(string.Create(c, $"    {(name == "bm25" ? "analyse" : "encode "),-7} {name,-12} {t.TotalSeconds,8:F1} s"));
        Console.WriteLine(string.Create(c, $"    index (write+commit) {Sec(r.Index)} s   read+parse {Sec(r.Read)} s   (stages overlap)"));
        Console.WriteLine(string.Create(c, $"  commits    {r.Commits,10}   impact scale {r.ImpactScale?.ToString("R", c) ?? "-"}   saturated weights {r.SaturatedWeights:N0}"));
        Console.WriteLine(string.Create(c, $"  index size {r.IndexBytes / 1048576.0,10:F1} MB"));

        static string Sec(TimeSpan s) => s.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
    }
}

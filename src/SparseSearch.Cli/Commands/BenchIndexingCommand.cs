using System.CommandLine;
using System.Globalization;
using SparseSearch.Indexing;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench indexing</c>: bulk indexing docs/s against encode-only docs/s of the same documents.</summary>
internal static class BenchIndexingCommand
{
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "JSONL corpus, e.g. ../shared/data/scifact/corpus.jsonl", Required = true };
        var sparse = new Option<string>("--sparse-model") { Description = "Sparse model folder.", DefaultValueFactory = _ => IndexingRequest.DefaultSparseModel };
        var dense = new Option<string?>("--dense-model") { Description = "Optional dense model folder." };
        var bm25 = new Option<bool>("--bm25") { Description = "Add the BM25 field (with --sparse-model none: BM25-only indexing)." };
        var limit = new Option<long>("--limit") { Description = "Documents per pass.", DefaultValueFactory = _ => 500 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating encode-only / end-to-end pairs.", DefaultValueFactory = _ => 2 };
        var batchTokens = new Option<int>("--batch-tokens") { Description = "Token budget per model batch." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads per run (0 = one per core)." };
        var command = new Command("indexing", "End-to-end bulk indexing docs/s vs encode-only docs/s (same documents, same models, one process).");
        foreach (var o in new Option[] { corpus, sparse, dense, bm25, limit, rounds, batchTokens, threads }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var scratch = Path.Combine(Path.GetTempPath(), $"sparsesearch-bench-{Environment.ProcessId}");
            try
            {
                using var job = IndexingJob.Open(new IndexingRequest
                {
                    Corpus = parse.GetValue(corpus), IndexDirectory = scratch, SparseModel = parse.GetValue(sparse)!, DenseModel = parse.GetValue(dense), Bm25 = parse.GetValue(bm25),
                    BatchTokens = parse.GetValue(batchTokens), Threads = parse.GetValue(threads),
                });
                var c = CultureInfo.InvariantCulture;
                Console.WriteLine($"corpus {parse.GetValue(corpus)}, fields: {string.Join(" + ", job.Options.Builders.Select(b => b.Name))} " +
                    $"({job.Options.SparseModel?.Name ?? "no sparse model"}{(job.Options.DenseModel is { } d ? ", " + d.Name : "")}), " +
                    $"{parse.GetValue(limit)} documents per pass, {Environment.ProcessorCount} cores");
                Console.WriteLine("| round | encode-only docs/s | end-to-end docs/s | wall overhead | encode-only CPU s | end-to-end CPU s | CPU overhead | e2e encode s | e2e index (write+commit) s | e2e wall s | commits | index MB |");
                Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
                var results = IndexingBenchmark.Run(job, parse.GetValue(limit), parse.GetValue(rounds), scratch);
                for (int r = 0; r < results.Count; r++)
                {
                    var x = results[r];
                    Console.WriteLine(string.Create(c, $"| {r + 1} | {x.EncodeOnlyDocsPerSecond:F2} | {x.EndToEndDocsPerSecond:F2} | {x.Overhead:P1} | {x.EncodeOnlyCpu.TotalSeconds:F1} | {x.EndToEndCpu.TotalSeconds:F1} | {x.CpuOverhead:P1} | {x.EndToEnd.EncodeTotal.TotalSeconds:F1} | {x.EndToEnd.Index.TotalSeconds:F2} | {x.EndToEnd.Wall.TotalSeconds:F1} | {x.EndToEnd.Commits} | {x.EndToEnd.IndexBytes / 1048576.0:F1} |"));
                }
                double enc = results.Sum(x => x.EncodeOnly.Run.Indexed) / results.Sum(x => x.EncodeOnly.Wall.TotalSeconds);
                double e2e = results.Sum(x => x.EndToEnd.Run.Indexed) / results.Sum(x => x.EndToEnd.Wall.TotalSeconds);
                double bestEnc = results.Max(x => x.EncodeOnlyDocsPerSecond), bestE2e = results.Max(x => x.EndToEndDocsPerSecond);
                double cpu = results.Sum(x => x.EndToEndCpu.TotalSeconds) / results.Sum(x => x.EncodeOnlyCpu.TotalSeconds) - 1;
                double writer = results.Sum(x => x.EndToEnd.Index.TotalSeconds) / results.Sum(x => x.EndToEnd.Wall.TotalSeconds);
                Console.WriteLine(string.Create(c, $"all rounds: encode-only {enc:F2} docs/s, end-to-end {e2e:F2} docs/s (wall overhead {1 - e2e / enc:P1}); " +
                    $"best of each: {bestEnc:F2} vs {bestE2e:F2} ({1 - bestE2e / bestEnc:P1}); CPU overhead {cpu:P1}; index writer busy {writer:P1} of the end-to-end wall time"));
                return 0;
            }
            catch (Exception e) when (e is IndexingException or FileNotFoundException or DirectoryNotFoundException or IOException or ArgumentException
                or SparseSearch.Encoding.ModelFormatException or SparseSearch.Onnx.OnnxRuntimeException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
            finally
            {
                try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
            }
        });
        return command;
    }
}

using System.CommandLine;
using SparseSearch.Search.Bm25;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench bm25</c>: BM25-only indexing throughput and BM25 query latency on a BEIR set.</summary>
public static class BenchBm25Command
{
    /// <summary>Builds the <c>bm25</c> subcommand (registered under <c>bench</c>).</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv).", DefaultValueFactory = _ => "../shared/data/scifact" };
        var index = new Option<string>("--index") { Description = "Scratch directory for the benchmark indexes (rebuilt).", DefaultValueFactory = _ => "indexes/bench-bm25" };
        var k = new Option<int>("-k") { Description = "Hits per query.", DefaultValueFactory = _ => 10 };
        var reps = new Option<int>("--repetitions") { Description = "Timed passes over the queries.", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Analysis threads for the parallel indexing run.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var replicate = new Option<int>("--replicate") { Description = "Index the corpus N times (ids suffixed #1, #2...) to measure pruning on longer postings.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Also write the markdown report to this file." };
        var command = new Command("bm25", "Benchmark BM25-only indexing (docs/s) and BM25 query latency (p50/p95/p99) on a BEIR set.");
        foreach (var o in new Option[] { data, index, k, reps, threads, replicate, output })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var report = Bm25Benchmark.Run(new Bm25BenchmarkOptions
            {
                DataFolder = parse.GetValue(data)!,
                IndexDirectory = parse.GetValue(index)!,
                K = parse.GetValue(k),
                Repetitions = parse.GetValue(reps),
                Threads = parse.GetValue(threads),
                Replicate = parse.GetValue(replicate),
                Log = line => Console.Error.WriteLine(line),
            });
            Console.WriteLine(report);
            if (parse.GetValue(output) is { } path)
                File.WriteAllText(path, report);
            return 0;
        });
        return command;
    }
}

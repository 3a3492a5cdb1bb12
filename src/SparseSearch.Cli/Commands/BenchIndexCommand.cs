using System.CommandLine;
using SparseSearch.Search.Bench;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench index</c>: index build and query latency benchmark over pre-encoded vectors.</summary>
public static class BenchIndexCommand
{
    /// <summary>Builds the <c>index</c> subcommand (registered under <c>bench</c>).</summary>
    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Pre-encoded corpus (Anserini JsonVectorCollection JSONL, .gz allowed).", Required = true };
        var queries = new Option<string>("--queries") { Description = "Pre-encoded queries (same format).", Required = true };
        var tokenizer = new Option<string>("--tokenizer") { Description = "tokenizer.json whose model.vocab maps tokens to ids.", DefaultValueFactory = _ => "onnx-models/splade-tiny/tokenizer.json" };
        var index = new Option<string>("--index") { Description = "Index directory (rebuilt unless --reuse).", DefaultValueFactory = _ => "indexes/bench-index" };
        var k = new Option<int>("-k") { Description = "Hits per query.", DefaultValueFactory = _ => 10 };
        var maxDocs = new Option<int?>("--max-docs") { Description = "Index only the first N documents." };
        var maxQueries = new Option<int?>("--max-queries") { Description = "Run only the first N queries." };
        var preload = new Option<bool>("--preload") { Description = "Open the index with its postings and forward files read into memory (huge pages on Linux) instead of mapped; applies to every row." };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => IndexBenchmarkOptions.DefaultWarmupQueries, Description = "Queries run untimed before each row (the first row of a pruned scorer after a fresh open also pays the first touch of the index pages)." };
        var segmentDocs = new Option<int>("--segment-docs") { Description = "Documents per flushed segment.", DefaultValueFactory = _ => 250_000 };
        var noMerge = new Option<bool>("--no-merge") { Description = "Search the flushed segments without force-merging to one." };
        var reuse = new Option<bool>("--reuse") { Description = "Search the existing index in --index without rebuilding." };
        var reorder = new Option<bool>("--reorder") { Description = "Reorder documents by similarity (recursive graph bisection) in the final merge." };
        var algorithms = new Option<string>("--algorithms") { Description = "Pruned algorithms to measure (comma-separated: MaxScore,BlockMax; empty = none).", DefaultValueFactory = _ => "MaxScore,BlockMax" };
        var blockShift = new Option<int>("--block-shift") { Description = "Documents per upper-bound block = 2^shift.", DefaultValueFactory = _ => 6 };
        var approx = new Option<string?>("--approx") { Description = "Approximate settings of the pruned algorithms, comma-separated cut:factor (cut 0 = all terms), e.g. 0:0.9,20:0.8." };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "Skip the CutAndRescore and ImpactHead rows." };
        var output = new Option<string?>("--out") { Description = "Also write the markdown report to this file." };
        var command = new Command("index", "Benchmark index build (docs/s, bytes/doc) and search latency in exhaustive, rank-safe and approximate modes.");
        foreach (var o in new Option[] { corpus, queries, tokenizer, index, k, maxDocs, maxQueries, warmup, preload, segmentDocs, noMerge, reuse, reorder, algorithms, blockShift, approx, noBaselines, output })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var defaults = new IndexBenchmarkOptions { CorpusPath = "", QueriesPath = "", TokenizerJson = "", IndexDirectory = "" };
            (int?, float)[] approxSettings;
            try
            {
                approxSettings = parse.GetValue(approx) is { } a
                ? a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x =>
                {
                    var parts = x.Split(':');
                    var inv = System.Globalization.CultureInfo.InvariantCulture;
                    if (parts.Length != 2 || !int.TryParse(parts[0], inv, out int c) || c < 0 || !float.TryParse(parts[1], inv, out float f))
                        throw new ArgumentException($"--approx: expected comma-separated cut:factor pairs such as 0:0.9,20:0.8 (cut 0 = all terms), got '{x}'.");
                    return (c == 0 ? (int?)null : c, f);
                }).ToArray()
                : [.. defaults.ApproximateSettings];
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            bool baselines = !parse.GetValue(noBaselines);
            var report = IndexBenchmark.Run(new IndexBenchmarkOptions
            {
                ApproximateSettings = approxSettings,
                CutSettings = baselines ? defaults.CutSettings : [],
                HeadSettings = baselines ? defaults.HeadSettings : [],
                CorpusPath = parse.GetValue(corpus)!,
                QueriesPath = parse.GetValue(queries)!,
                TokenizerJson = parse.GetValue(tokenizer)!,
                IndexDirectory = parse.GetValue(index)!,
                K = parse.GetValue(k),
                MaxDocs = parse.GetValue(maxDocs),
                MaxQueries = parse.GetValue(maxQueries),
                WarmupQueries = parse.GetValue(warmup),
                Preload = parse.GetValue(preload),
                SegmentDocs = parse.GetValue(segmentDocs),
                ForceMerge = !parse.GetValue(noMerge),
                ReuseIndex = parse.GetValue(reuse),
                Reorder = parse.GetValue(reorder),
                DocBlockShift = parse.GetValue(blockShift),
                Algorithms = parse.GetValue(algorithms)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(a => Enum.Parse<SparseSearch.Search.PruningAlgorithm>(a, ignoreCase: true)).ToArray(),
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

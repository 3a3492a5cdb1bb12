using System.CommandLine;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Search.Query;
using SparseSearch.Search.Query.Bench;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench query --index DIR [--queries FILE]</c>: one-thread query latency per mode.</summary>
internal static class BenchQueryCommand
{
    public static Command Create()
    {
        var q = new QueryOptions();
        var queries = new Option<string>("--queries") { Description = "BEIR queries.jsonl ({_id, text} per line).", DefaultValueFactory = _ => "../shared/data/scifact/queries.jsonl" };
        var qrels = new Option<string?>("--qrels") { Description = "Only the queries judged in this qrels file (e.g. qrels/test.tsv), and report each mode's nDCG@10." };
        var maxQueries = new Option<int?>("--max-queries") { Description = "Use only the first N queries." };
        var k = new Option<int>("-k", "--k") { Description = "Hits per query.", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Write the markdown report here (e.g. eval/results/query.md)." };
        var sparse = new Option<string?>("--build-sparse") { Description = "If --index does not exist: build it from these pre-encoded sparse vectors (JsonVectorCollection)." };
        var dense = new Option<string?>("--build-dense") { Description = "…with these pre-encoded dense vectors." };
        var corpus = new Option<string?>("--build-corpus") { Description = "…storing title/text from this BEIR corpus.jsonl." };
        var encode = new Option<bool>("--build-encode") { Description = "If --index does not exist: build it by encoding --build-corpus with the sparse (and dense) models." };
        var tokenizer = new Option<string>("--build-tokenizer") { Description = "…mapping tokens with this tokenizer.json.", DefaultValueFactory = _ => "onnx-models/splade-tiny/tokenizer.json" };
        var command = new Command("query", "Query latency, one thread, p50/p95 per mode: encode vs search time, dense cost per 1k documents.");
        q.AddTo(command);
        foreach (var o in new Option[] { queries, qrels, maxQueries, k, output, sparse, dense, corpus, encode, tokenizer })
            command.Options.Add(o);
        command.SetAction(parse => QueryOptions.Run(() =>
        {
            string index = parse.GetValue(q.Index)!;
            if (!Directory.Exists(index) && parse.GetValue(sparse) is { } sparsePath)
            {
                Console.Error.WriteLine($"building {index} from {sparsePath} …");
                int n = PreEncodedIndexBuilder.Build(new PreEncodedIndexSource
                {
                    SparseVectors = sparsePath,
                    DenseVectors = parse.GetValue(dense),
                    Corpus = parse.GetValue(corpus),
                    Tokenizer = parse.GetValue(tokenizer)!,
                }, index);
                Console.Error.WriteLine($"indexed {n} documents");
            }
            else if (!Directory.Exists(index) && parse.GetValue(encode))
            {
                string corpusPath = parse.GetValue(corpus) ?? throw new DirectoryNotFoundException("--build-encode needs --build-corpus.");
                var root = QueryOptions.FindModelsRoot(parse.GetValue(q.ModelsRoot));
                string sparseModel = parse.GetValue(q.SparseModel) ?? Path.Combine(root ?? "onnx-models", "splade-tiny");
                string denseModel = parse.GetValue(q.DenseModel) ?? Path.Combine(root ?? "onnx-models", "all-MiniLM-L6-v2");
                using var env = Onnx.OrtEnvironment.Create();
                using var spladeEncoder = Encoding.SpladeEncoder.Open(env, sparseModel);
                using var denseEncoder = Encoding.DenseEncoder.Open(env, denseModel);
                var sw = System.Diagnostics.Stopwatch.StartNew();
                int n = EncodedCorpusIndexBuilder.Build(corpusPath, spladeEncoder, denseEncoder, index, line => Console.Error.WriteLine(line));
                Console.Error.WriteLine($"encoded and indexed {n} documents in {sw.Elapsed.TotalSeconds:0.0} s");
            }
            var (ids, texts, judged) = LoadQueries(parse.GetValue(queries)!, parse.GetValue(qrels), parse.GetValue(maxQueries));
            var cases = QueryBenchmark.DefaultCases(parse.GetValue(k));
            var all = cases.Select(c => c.Request).Where(r => r.Mode != QueryMode.Bm25).ToArray();
            using var session = q.OpenEngine(parse, all);
            Console.Error.WriteLine($"{texts.Count} queries over {session.Engine.Snapshot.LiveDocCount} documents");
            var report = QueryBenchmark.Run(session.Engine, texts, cases, log: line => Console.Error.WriteLine(line),
                judged: judged is null ? null : (ids, judged));
            var md = report.ToMarkdown("Query latency (SciFact)", "sparsesearch bench query " + string.Join(" ", Environment.GetCommandLineArgs().Skip(3)));
            Console.WriteLine(md);
            if (parse.GetValue(output) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, md);
            }
            return 0;
        }));
        return command;
    }

    private static (List<string> Ids, List<string> Texts, Evaluation.Metrics.Qrels? Judged) LoadQueries(string path, string? qrelsPath, int? max)
    {
        var judged = qrelsPath is null ? null : QrelsReader.Read(qrelsPath);
        var ids = new List<string>();
        var texts = new List<string>();
        foreach (var query in BeirQueriesReader.ReadAll(path))
        {
            if (judged is not null && !judged.Contains(query.Id)) continue;
            ids.Add(query.Id);
            texts.Add(query.Text);
            if (max is { } m && texts.Count >= m) break;
        }
        return (ids, texts, judged);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Search.Query;
using SparseSearch.Search.Query.Bench;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench fusion</c>: choose hybrid weights on a tuning split, report them on the test split.</summary>
internal static class BenchFusionCommand
{
    public static Command Create()
    {
        var q = new QueryOptions();
        var queries = new Option<string>("--queries") { Description = "BEIR queries.jsonl.", DefaultValueFactory = _ => "../shared/data/scifact/queries.jsonl" };
        var tune = new Option<string>("--tune-qrels") { Description = "Judgments of the tuning split (never the test split).", DefaultValueFactory = _ => "../shared/data/scifact/qrels/train.tsv" };
        var test = new Option<string>("--test-qrels") { Description = "Judgments of the split the chosen weights are reported on.", DefaultValueFactory = _ => "../shared/data/scifact/qrels/test.tsv" };
        var retrievers = new Option<string>("--retrievers") { Description = "Comma list of retrievers to fuse.", DefaultValueFactory = _ => "bm25,sparse,dense" };
        var step = new Option<double>("--step") { Description = "Grid step on the weight simplex.", DefaultValueFactory = _ => 0.1 };
        var output = new Option<string?>("--out") { Description = "Write the markdown report here." };
        var command = new Command("fusion", "Tune min-max fusion weights on a tuning split and evaluate them (and equal weights) on the test split.");
        q.AddTo(command);
        foreach (var o in new Option[] { queries, tune, test, retrievers, step, output })
            command.Options.Add(o);
        command.SetAction(parse => QueryOptions.Run(() =>
        {
            var modes = parse.GetValue(retrievers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => QueryModeNames.Parse(m, "retrievers")).ToList();
            var all = BeirQueriesReader.ReadAll(parse.GetValue(queries)!);
            var tuneQrels = QrelsReader.Read(parse.GetValue(tune)!);
            var testQrels = QrelsReader.Read(parse.GetValue(test)!);
            var tuneQueries = all.Where(x => tuneQrels.Contains(x.Id)).ToList();
            var testQueries = all.Where(x => testQrels.Contains(x.Id)).ToList();
            var overlap = tuneQueries.Select(x => x.Id).Intersect(testQueries.Select(x => x.Id)).Count();
            if (overlap > 0)
                throw new InvalidSearchRequestException("tune-qrels", $"{overlap} queries are judged in both splits; tune on queries the test split does not hold.");
            var equal = modes.Select(m => new RetrieverSpec(m, 1.0)).ToList();
            var template = new SearchRequest { Query = "-", Mode = QueryMode.Hybrid, Retrievers = equal, K = 10, Fields = [] };
            using var session = q.OpenEngine(parse, template);
            var engine = session.Engine;
            Console.Error.WriteLine($"tuning {string.Join("+", modes.Select(QueryModeNames.Format))} on {tuneQueries.Count} queries …");
            var tuning = EngineFusionTuner.Tune(engine, tuneQueries, tuneQrels, modes, parse.GetValue(step), log: l => Console.Error.WriteLine(l));
            double Test(IReadOnlyList<RetrieverSpec> specs) => Evaluator.Run(testQueries, testQrels,
                query => engine.Search(template with { Query = query.Text, Retrievers = specs }).Hits.Select(h => (h.Id, h.Score)).ToList(),
                new EvaluationSettings { Dataset = "test", Mode = "hybrid", Metrics = [Metric.Ndcg10] }).Result.Mean(Metric.Ndcg10);
            double tuned = Test(tuning.Best()), equalNdcg = Test(equal);
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            sb.AppendLine("# Hybrid fusion weights").AppendLine();
            sb.AppendLine($"Command: `sparsesearch bench fusion {string.Join(" ", Environment.GetCommandLineArgs().Skip(3))}`").AppendLine();
            sb.AppendLine($"Min-max convex fusion of {string.Join(" + ", modes.Select(QueryModeNames.Format))}, candidate depth {tuning.Depth} per retriever, " +
                          $"exact scores filled in for documents a retriever did not list. Weights on a simplex grid (step {parse.GetValue(step).ToString(inv)}), " +
                          $"chosen on {tuning.Queries} tuning queries ({parse.GetValue(tune)}); the test split ({testQueries.Count} queries, {parse.GetValue(test)}) is used only to report.").AppendLine();
            sb.AppendLine("Best settings on the tuning queries:").AppendLine().Append(tuning.ToMarkdown()).AppendLine();
            sb.AppendLine("| weights | nDCG@10 on test |").AppendLine("|---|---:|");
            sb.AppendLine($"| tuned: {string.Join(", ", tuning.Best().Select(s => $"{QueryModeNames.Format(s.Mode)} {s.Weight.ToString("0.0", inv)}"))} | {tuned.ToString("0.0000", inv)} |");
            sb.AppendLine($"| equal | {equalNdcg.ToString("0.0000", inv)} |");
            Console.WriteLine(sb);
            if (parse.GetValue(output) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, sb.ToString());
            }
            return 0;
        }));
        return command;
    }
}

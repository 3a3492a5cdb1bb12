using System.CommandLine;
using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Reports;
using SparseSearch.Search.Fusion;
using SparseSearch.Search.Query;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// <c>sparsesearch eval tune --split train --retrievers bm25,sparse,dense</c>: chooses convex-fusion weights by grid
/// search on one split (never the test split the weights are then reported on) and prints the <c>--weights</c> to use.
/// </summary>
internal static class EvalTuneCommand
{
    public static Command Create()
    {
        var o = new EvalOptions();
        var retrievers = new Option<string>("--retrievers") { Description = "Retrievers to fuse (comma-separated modes).", DefaultValueFactory = _ => "bm25,sparse,dense" };
        var steps = new Option<int>("--steps") { Description = "Grid resolution: weights are multiples of 1/steps.", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--out") { Description = "Also write tuning.md into this folder." };
        var command = new Command("tune", "Choose fusion weights by grid search on a split (e.g. --split train) with nDCG@10; prints the --weights for eval.");
        o.AddTo(command);
        foreach (var opt in new Option[] { retrievers, steps, output })
            command.Options.Add(opt);
        command.SetAction(parse => EvalOptions.Run(() =>
        {
            var dataset = o.OpenAndBuild(parse);
            var modes = new List<QueryMode>();
            foreach (var name in parse.GetValue(retrievers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var m = QueryModeNames.Parse(name, "retrievers");
                if (m == QueryMode.Hybrid || modes.Contains(m)) throw new FormatException($"--retrievers: \"{name}\" is hybrid or repeated.");
                modes.Add(m);
            }
            var normalization = QueryModeNames.ParseFusion(parse.GetValue(o.Query.Fusion)!) == FusionMethod.ZScore ? ScoreNormalization.ZScore : ScoreNormalization.MinMax;
            var template = o.Query.Request(parse, "query");
            int depth = parse.GetValue(o.Query.Depth);
            var requests = modes.Select(m => EngineRetrievers.For(template with { Mode = m }, depth)).ToArray();
            using var session = o.OpenEngine(parse, dataset, requests);
            var runs = new List<RetrieverRun>();
            foreach (var r in requests)
            {
                string name = QueryModeNames.Format(r.Mode);
                runs.Add(EngineRetrievers.Collect(name, EngineRetrievers.Create(session.Engine, r, depth), dataset.Queries,
                    EvalOptions.QueryProgress(name, dataset.Queries.Count)));
            }
            var tuning = FusionWeightTuner.Tune(runs, dataset.Qrels, parse.GetValue(steps), normalization: normalization, depth: depth);
            string weights = string.Join(",", tuning.Retrievers.Select((n, i) => n + "=" + tuning.Best.Weights[i].ToString("0.###", CultureInfo.InvariantCulture)));
            var md = Render(dataset.Name, dataset.Split, normalization, tuning, weights, EvalOptions.CommandLine());
            Console.WriteLine(md);
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir);
                ReportFiles.WriteText(Path.Combine(dir, "tuning.md"), md);
                Console.WriteLine($"wrote {Path.Combine(dir, "tuning.md")}");
            }
            Console.WriteLine($"--weights {weights}");
            return 0;
        }));
        return command;
    }

    private static string Render(string dataset, string split, ScoreNormalization normalization, WeightTuning t, string weights, string command)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(c, $"# Fusion weights tuned on {dataset} {split}\n\n");
        sb.Append(c, $"Grid over the simplex ({t.Grid.Count} points), {normalization} fusion of {string.Join(" + ", t.Retrievers)}, maximising {t.Metric.Label} on the {split} split.\n\n");
        sb.Append(c, $"Best: `--weights {weights}` → {t.Metric.Label} {t.Best.Score:F4} on {split}.\n\n");
        var ranked = t.Grid.OrderByDescending(p => p.Score).Take(10).ToList();
        sb.Append("| ").Append(string.Join(" | ", t.Retrievers)).Append(c, $" | {t.Metric.Label} |\n|").Append(string.Concat(Enumerable.Repeat("---|", t.Retrievers.Count + 1))).Append('\n');
        foreach (var p in ranked)
            sb.Append("| ").Append(string.Join(" | ", p.Weights.Select(w => w.ToString("0.0##", c)))).Append(c, $" | {p.Score:F4} |\n");
        sb.Append(c, $"\nTop 10 of the grid. Command: `{command}`\n");
        return sb.ToString();
    }
}

using System.CommandLine;
using System.Globalization;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Search.Query;

namespace SparseSearch.Cli.Commands;

/// <summary>
/// <c>sparsesearch eval --dataset DIR --index DIR --mode M --out DIR</c>: runs every judged query of a BEIR split in one
/// mode at depth 1000 and writes run.trec, metrics.json, per_query.csv and report.md (beside eval/reference);
/// subcommands <c>sweep</c>, <c>compare</c> and <c>tune</c>.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var o = new EvalOptions();
        var weights = new Option<string?>("--weights") { Description = "Hybrid over any retrievers with weights, e.g. bm25=0.3,sparse=0.3,dense=0.4 (overrides --alpha and --sparse-side)." };
        var label = new Option<string?>("--label") { Description = "Run name in the outputs (default: the mode)." };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var command = new Command("eval", "Evaluate a query mode on a BEIR dataset (index built if missing): nDCG@10, R@100… with trec_eval semantics, beside the reference numbers.");
        o.AddTo(command);
        foreach (var opt in new Option[] { weights, label, output })
            command.Options.Add(opt);
        command.Subcommands.Add(EvalSweepCommand.Create());
        command.Subcommands.Add(EvalCompareCommand.Create());
        command.Subcommands.Add(EvalTuneCommand.Create());
        command.SetAction(parse => EvalOptions.Run(() =>
        {
            var dataset = o.OpenAndBuild(parse);
            var template = o.Query.Request(parse, "query");
            if (parse.GetValue(weights) is { } w)
                template = template with { Mode = QueryMode.Hybrid, Retrievers = EngineRetrievers.ParseWeights(w) };
            int depth = parse.GetValue(o.Query.Depth);
            using var session = o.OpenEngine(parse, dataset, EngineRetrievers.For(template, depth));
            var reference = o.LoadReference(parse);
            var settings = new EvaluationSettings
            {
                Dataset = dataset.Name,
                Split = dataset.Split,
                Mode = parse.GetValue(label) ?? QueryModeNames.Format(template.Mode),
                Models = EvalOptions.Models(session.Engine.Snapshot.Schema),
                Parameters = Parameters(template, parse.GetValue(o.Query.Index)!),
                Depth = depth,
                ReferenceRuns = ReferenceRows.ForRequest(template),
                Command = EvalOptions.CommandLine(),
            };
            var outcome = Evaluator.Run(dataset, EngineRetrievers.Create(session.Engine, template, depth), settings,
                EvalOptions.QueryProgress(settings.Mode, dataset.Queries.Count));
            string outDir = parse.GetValue(output)!;
            EvaluationOutputs.WriteAll(outcome, outDir, reference);
            EvalOptions.PrintSummary(outcome, reference, settings.ReferenceRuns);
            Console.WriteLine($"wrote {Path.Combine(outDir, EvaluationOutputs.ReportFile)} (and {EvaluationOutputs.RunFile}, {EvaluationOutputs.MetricsFile}, {EvaluationOutputs.PerQueryFile})");
            return 0;
        }));
        return command;
    }

    /// <summary>The request's settings worth recording, as strings.</summary>
    internal static Dictionary<string, string> Parameters(SearchRequest r, string index)
    {
        var c = CultureInfo.InvariantCulture;
        var p = new Dictionary<string, string> { ["index"] = index, ["traversal"] = r.Traversal.ToString() };
        if (r.Mode == QueryMode.InferenceFree || (r.Mode == QueryMode.Hybrid && (r.HybridSparseSide == QueryMode.InferenceFree || r.Retrievers?.Any(s => s.Mode == QueryMode.InferenceFree) == true)))
            p["idf_source"] = r.IdfSource == IdfSource.Index ? "index" : "model";
        if (r.Mode == QueryMode.Hybrid)
        {
            p["fusion"] = QueryModeNames.Format(r.Fusion);
            p["candidate_depth"] = r.CandidateDepth.ToString(c);
            if (r.Retrievers is { } specs)
                p["weights"] = string.Join(",", specs.Select(s => QueryModeNames.Format(s.Mode) + "=" + s.Weight.ToString("R", c)));
            else
            {
                p["sparse_side"] = QueryModeNames.Format(r.HybridSparseSide);
                if (r.Fusion != FusionMethod.Rrf) p["alpha"] = r.Alpha.ToString("R", c);
            }
        }
        if (r.QueryTopTerms is { } top) p["query_top_terms"] = top.ToString(c);
        if (r.QueryMinWeightRatio is { } ratio) p["query_min_ratio"] = ratio.ToString("R", c);
        if (r.DenseInt8) p["dense_int8"] = "true";
        return p;
    }
}

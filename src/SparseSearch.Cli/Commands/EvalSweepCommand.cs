using System.CommandLine;
using SparseSearch.Evaluation.Harness;
using SparseSearch.Evaluation.Reports;
using SparseSearch.Search.Fusion;
using SparseSearch.Search.Query;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch eval sweep</c>: dense + a sparse side fused at α = 0, 0.1, …, 1 and with RRF, one report and an SVG plot.</summary>
internal static class EvalSweepCommand
{
    public static Command Create()
    {
        var o = new EvalOptions();
        var output = new Option<string>("--out") { Description = "Output folder (sweep.md, sweep.json, ndcg10-vs-alpha.svg).", Required = true };
        var command = new Command("sweep", "Hybrid sweep: α from 0 to 1 (step 0.1) with --fusion minmax|zscore, plus RRF; one retrieval pass, one report with an nDCG@10 plot. The top-depth lists are fused as the reference does (a document missing from one list counts 0 there, no exact fill-in).");
        o.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse => EvalOptions.Run(() =>
        {
            var dataset = o.OpenAndBuild(parse);
            var normalization = QueryModeNames.ParseFusion(parse.GetValue(o.Query.Fusion)!) switch
            {
                FusionMethod.MinMax => ScoreNormalization.MinMax,
                FusionMethod.ZScore => ScoreNormalization.ZScore,
                _ => throw new FormatException("--fusion: a sweep varies α of a convex fusion; give minmax or zscore (RRF is always added)."),
            };
            var side = o.Query.Request(parse, "query") with { Mode = QueryModeNames.Parse(parse.GetValue(o.Query.SparseSide)!, "sparse-side") };
            if (side.Mode is QueryMode.Dense or QueryMode.Hybrid)
                throw new FormatException("--sparse-side: expected sparse, inference-free or bm25.");
            var dense = side with { Mode = QueryMode.Dense };
            int depth = parse.GetValue(o.Query.Depth);
            using var session = o.OpenEngine(parse, dataset, EngineRetrievers.For(side, depth), EngineRetrievers.For(dense, depth));
            var settings = new EvaluationSettings
            {
                Dataset = dataset.Name,
                Split = dataset.Split,
                Mode = "hybrid",
                Models = EvalOptions.Models(session.Engine.Snapshot.Schema),
                Parameters = new Dictionary<string, string> { ["index"] = parse.GetValue(o.Query.Index)!, ["sparse_side"] = QueryModeNames.Format(side.Mode), ["candidate_depth"] = depth.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Depth = depth,
                Command = EvalOptions.CommandLine(),
            };
            var sweep = HybridSweep.Run(dataset.Queries, dataset.Qrels, EngineRetrievers.Create(session.Engine, dense, depth),
                EngineRetrievers.Create(session.Engine, side, depth), settings, normalization: normalization);
            var references = new List<PlotReferenceLine>();
            if (o.LoadReference(parse) is { } table)
                foreach (var run in ReferenceRows.ForRequest(side with { Mode = QueryMode.Hybrid, HybridSparseSide = side.Mode, Fusion = FusionMethod.MinMax }))
                    if (table.Get(run, dataset.Name, "nDCG@10") is { } v)
                        references.Add(new PlotReferenceLine("reference: " + run, v));
            string outDir = parse.GetValue(output)!;
            SweepReportWriter.WriteAll(sweep, outDir, references);
            Console.WriteLine(SweepReportWriter.Render(sweep));
            Console.WriteLine($"wrote {Path.Combine(outDir, SweepReportWriter.ReportFile)}, {SweepReportWriter.PlotFile}, {SweepReportWriter.JsonFile}");
            return 0;
        }));
        return command;
    }
}

using System.CommandLine;
using SparseSearch.Server;
using SparseSearch.Server.Bench;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench serve</c>: REST server load test on loopback (see <see cref="ServeBenchmark"/>).</summary>
public static class BenchServeCommand
{
    /// <summary>Builds the <c>serve</c> subcommand (registered under <c>bench</c>).</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "BEIR folder with corpus.jsonl, queries.jsonl and encoded/ (pre-encoded vectors).", DefaultValueFactory = _ => "../shared/data/scifact" };
        var models = new Option<string?>("--models") { Description = "Folder of the default models (default: onnx-models above the program)." };
        var clients = new Option<int>("--clients") { Description = "Concurrent search clients.", DefaultValueFactory = _ => 32 };
        var seconds = new Option<int>("--seconds") { Description = "Measured run length (1..600 s).", DefaultValueFactory = _ => 30 };
        var maxRequests = new Option<int>("--max-requests") { Description = "Upper bound on measured searches.", DefaultValueFactory = _ => 200_000 };
        var mode = new Option<string>("--mode") { Description = "Query mode of the clients.", DefaultValueFactory = _ => "sparse" };
        var seed = new Option<int>("--seed-docs") { Description = "Documents loaded before the run from pre-encoded vectors; the rest are bulk-indexed live.", DefaultValueFactory = _ => 4683 };
        var output = new Option<string?>("--out") { Description = "Also write the markdown report to this file." };
        var command = new Command("serve", "Load test of the REST server on loopback: concurrent searches while bulk indexing runs (QPS, p50/p99, errors).");
        foreach (var o in new Option[] { data, models, clients, seconds, maxRequests, mode, seed, output })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var modelsRoot = parse.GetValue(models) ?? ServerHost.FindModelsRoot()
                ?? throw new InvalidOperationException("No models folder found: pass --models DIR.");
            var report = ServeBenchmark.RunAsync(new ServeBenchmarkOptions
            {
                DataFolder = parse.GetValue(data)!,
                ModelsRoot = modelsRoot,
                Clients = Math.Clamp(parse.GetValue(clients), 1, 256),
                Duration = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 1, 600)),
                MaxRequests = Math.Max(1, parse.GetValue(maxRequests)),
                Mode = parse.GetValue(mode)!,
                SeedDocuments = parse.GetValue(seed),
                Log = line => Console.Error.WriteLine(line),
            }).GetAwaiter().GetResult();
            Console.WriteLine(report);
            if (parse.GetValue(output) is { } path)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                File.WriteAllText(path, report);
            }
            return 0;
        });
        return command;
    }
}

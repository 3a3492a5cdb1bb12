using System.CommandLine;
using SparseSearch.Encoding;
using SparseSearch.Onnx;
using SparseSearch.Text;
using Spectre.Console;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch bench encode</c>: end-to-end encoding throughput against raw ONNX Runtime runs of the same batches.</summary>
internal static class BenchEncodeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder, e.g. onnx-models/splade-tiny", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "JSONL corpus ({_id, title, text} per line), e.g. ../shared/data/scifact/corpus.jsonl", Required = true };
        var limit = new Option<int>("--limit") { Description = "Use the first N documents (0 = all)", DefaultValueFactory = _ => 0 };
        var repeats = new Option<int>("--repeats") { Description = "Alternating raw / end-to-end passes; the best of each is reported", DefaultValueFactory = _ => 2 };
        var options = new EncoderCliOptions();
        var command = new Command("encode", "Encoding throughput (docs/s, tokens/s) end to end beside raw ONNX Runtime time of the same padded batches.");
        command.Options.Add(model);
        command.Options.Add(corpus);
        command.Options.Add(limit);
        command.Options.Add(repeats);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return Run(parse.GetValue(model)!, parse.GetValue(corpus)!, parse.GetValue(limit), parse.GetValue(repeats), options.Read(parse));
            }
            catch (Exception e) when (e is ModelFormatException or OnnxRuntimeException or TokenizerFormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                return EncodeCommand.Fail(e.Message);
            }
        });
        return command;
    }

    private static int Run(string modelDir, string corpusPath, int limit, int repeats, EncoderOptions encoderOptions)
    {
        if (!File.Exists(corpusPath)) return EncodeCommand.Fail($"corpus {corpusPath} not found.");
        // The first N lines, as bytes: the end-to-end passes parse them exactly as `encode` parses a file.
        var buffer = new MemoryStream();
        int lines = 0;
        foreach (var line in File.ReadLines(corpusPath))
        {
            if (limit > 0 && lines == limit) break;
            buffer.Write(System.Text.Encoding.UTF8.GetBytes(line));
            buffer.WriteByte((byte)'\n');
            lines++;
        }
        if (lines == 0) return EncodeCommand.Fail($"{corpusPath} is empty.");

        using var environment = OrtEnvironment.Create();
        using var model = EncoderModel.Open(environment, modelDir, encoderOptions);
        var job = model.Manifest.Kind == ModelKind.Sparse ? EncodeJob.Sparse(new SpladeEncoder(model)) : EncodeJob.Dense(new DenseEncoder(model));
        string scratch = Path.Combine(Path.GetTempPath(), $"sparsesearch-bench-encode-{Environment.ProcessId}.jsonl");
        var result = EncodeBenchmark.Run(model, job, buffer.ToArray(), scratch, repeats, line => Console.Error.WriteLine("[bench] " + line));

        var table = new Table().AddColumns("", "docs/s", "tokens/s", "wall s", "CPU s", "docs/CPU s");
        void Row(string label, ThroughputSample s) => table.AddRow(label, $"{s.TextsPerSecond:F1}", $"{s.TokensPerSecond:F0}",
            $"{s.Elapsed.TotalSeconds:F2}", $"{s.CpuTime.TotalSeconds:F2}", $"{s.TextsPerCpuSecond:F1}");
        Row("raw ORT (same padded batches)", result.BestRaw);
        Row("end to end (JSONL → JSONL)", result.BestEndToEnd);
        AnsiConsole.Write(table);
        Console.WriteLine($"model {model.Manifest.Name}, {result.Texts} docs, {result.Tokens} tokens ({result.PaddedTokens} padded cells, " +
            $"{(double)result.Tokens / result.PaddedTokens:P1} useful), {result.Batches} batches, {result.Truncated} truncated, {result.Skipped} lines skipped; " +
            $"batch tokens {encoderOptions.TokenBudget}, max batch {encoderOptions.MaxBatchSize}, parallel {encoderOptions.Parallelism}, " +
            $"threads {(encoderOptions.IntraOpThreads == 0 ? "default" : encoderOptions.IntraOpThreads.ToString())}; ORT {environment.Version}; " +
            $"{Environment.ProcessorCount} cores");
        Console.WriteLine($"end-to-end / raw ORT throughput: {result.Ratio:F3} on wall clock (best of {repeats}), {result.CpuRatio:F3} on CPU time " +
            $"(wall raw: {string.Join(", ", result.RawRuns.Select(r => r.Elapsed.TotalSeconds.ToString("F2")))} s; " +
            $"wall end to end: {string.Join(", ", result.EndToEndRuns.Select(r => r.Elapsed.TotalSeconds.ToString("F2")))} s)");
        return 0;
    }
}

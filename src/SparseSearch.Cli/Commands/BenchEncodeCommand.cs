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
        var texts = new List<string>();
        long skipped = 0;
        using (var reader = TextRecordReader.Open(corpusPath))
        {
            while ((limit <= 0 || texts.Count < limit) && reader.TryRead(out var record, out var error))
            {
                if (error is not null)
                {
                    skipped++;
                    Console.Error.WriteLine($"{corpusPath}:{error.LineNumber}: {error.Reason}");
                    continue;
                }
                texts.Add(record!.Text);
            }
        }
        if (texts.Count == 0) return EncodeCommand.Fail($"no usable documents in {corpusPath}.");

        using var environment = OrtEnvironment.Create();
        using var opened = EncoderModel.Open(environment, modelDir, encoderOptions);
        var log = (string line) => Console.Error.WriteLine("[bench] " + line);
        EncodeBenchmarkResult result;
        if (opened.Manifest.Kind == ModelKind.Sparse)
            result = EncodeBenchmark.Run(new SpladeEncoder(opened), texts, repeats, log);
        else
            result = EncodeBenchmark.Run(new DenseEncoder(opened), texts, repeats, log);

        var table = new Table().AddColumns("", "docs/s", "tokens/s", "seconds");
        table.AddRow("raw ORT (same padded batches)", $"{result.BestRaw.TextsPerSecond:F1}", $"{result.BestRaw.TokensPerSecond:F0}", $"{result.BestRaw.Elapsed.TotalSeconds:F2}");
        table.AddRow("end to end (text → vectors)", $"{result.BestEndToEnd.TextsPerSecond:F1}", $"{result.BestEndToEnd.TokensPerSecond:F0}", $"{result.BestEndToEnd.Elapsed.TotalSeconds:F2}");
        AnsiConsole.Write(table);
        Console.WriteLine($"model {opened.Manifest.Name}, {result.Texts} docs, {result.Tokens} tokens ({result.PaddedTokens} padded cells, " +
            $"{(double)result.Tokens / result.PaddedTokens:P1} useful), {result.Batches} batches, {result.Truncated} truncated; " +
            $"batch tokens {encoderOptions.TokenBudget}, max batch {encoderOptions.MaxBatchSize}, parallel {encoderOptions.Parallelism}, " +
            $"threads {(encoderOptions.IntraOpThreads == 0 ? "default" : encoderOptions.IntraOpThreads.ToString())}; ORT {environment.Version}; " +
            $"{Environment.ProcessorCount} cores");
        Console.WriteLine($"end-to-end / raw ORT throughput ratio: {result.Ratio:F3} (best of {repeats}; all raw: " +
            $"{string.Join(", ", result.RawRuns.Select(r => r.Elapsed.TotalSeconds.ToString("F2")))} s; all end-to-end: " +
            $"{string.Join(", ", result.EndToEndRuns.Select(r => r.Elapsed.TotalSeconds.ToString("F2")))} s)");
        if (skipped > 0) Console.Error.WriteLine($"{skipped} corpus lines skipped.");
        return 0;
    }
}

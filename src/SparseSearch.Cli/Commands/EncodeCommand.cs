using System.CommandLine;
using SparseSearch.Encoding;
using SparseSearch.Onnx;
using SparseSearch.Text;
using Spectre.Console;

namespace SparseSearch.Cli.Commands;

/// <summary><c>sparsesearch encode</c>: JSONL texts in, JSONL vectors out (a thin layer over <see cref="EncodeJob"/>).</summary>
internal static class EncodeCommand
{
    private const int MaxErrorsShown = 200;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (model.json, model.onnx, tokenizer.json), e.g. onnx-models/splade-tiny" };
        var input = new Option<string>("--input") { Description = "JSONL input: one {\"id\" or \"_id\", \"text\", optional \"title\"} per line", Required = true };
        var output = new Option<string>("--output") { Description = "JSONL output: {\"id\", \"vector\"} per input line", Required = true };
        var query = new Option<bool>("--query") { Description = "Encode the texts as queries" };
        var idf = new Option<string>("--idf") { Description = "With --query: inference-free query vectors from this idf.json (no model runs)" };
        var options = new EncoderCliOptions();

        var command = new Command("encode", "Encode texts with a sparse (SPLADE), dense or inference-free (idf) encoder.");
        command.Options.Add(model);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(query);
        command.Options.Add(idf);
        options.AddTo(command);
        command.SetAction(parse =>
        {
            string? modelDir = parse.GetValue(model);
            string inputPath = parse.GetValue(input)!;
            string outputPath = parse.GetValue(output)!;
            string? idfPath = parse.GetValue(idf);
            bool asQuery = parse.GetValue(query);
            try
            {
                if (!File.Exists(inputPath))
                    return Fail($"input file {inputPath} not found.");
                if (idfPath is not null && !asQuery)
                    return Fail("--idf gives inference-free query vectors; add --query.");
                if (idfPath is null && modelDir is null)
                    return Fail("--model is required (or --query --idf FILE for inference-free query vectors).");
                return idfPath is not null
                    ? RunIdf(modelDir, idfPath, inputPath, outputPath)
                    : RunModel(modelDir!, options.Read(parse), inputPath, outputPath);
            }
            catch (Exception e) when (e is ModelFormatException or OnnxRuntimeException or TokenizerFormatException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                return Fail(e.Message);
            }
        });
        return command;
    }

    private static int RunIdf(string? modelDir, string idfPath, string inputPath, string outputPath)
    {
        // The idf file's vocabulary is the model's: use the model folder's tokenizer, else the one beside the idf file.
        string tokenizerSource = modelDir ?? Path.GetDirectoryName(Path.GetFullPath(idfPath))!;
        var tokenizer = WordPieceTokenizer.FromFile(tokenizerSource);
        var encoder = IdfQueryEncoder.Load(idfPath, tokenizer);
        return RunJob(EncodeJob.IdfQueries(encoder), tokenizer, inputPath, outputPath, "idf queries");
    }

    private static int RunModel(string modelDir, EncoderOptions encoderOptions, string inputPath, string outputPath)
    {
        using var environment = OrtEnvironment.Create();
        using var model = EncoderModel.Open(environment, modelDir, encoderOptions);
        if (model.Manifest.Kind == ModelKind.Sparse)
        {
            var encoder = new SpladeEncoder(model);
            return RunJob(EncodeJob.Sparse(encoder), model.Tokenizer, inputPath, outputPath, model.Manifest.Name);
        }
        var dense = new DenseEncoder(model);
        return RunJob(EncodeJob.Dense(dense), model.Tokenizer, inputPath, outputPath, model.Manifest.Name);
    }

    private static int RunJob(EncodeJob job, WordPieceTokenizer tokenizer, string inputPath, string outputPath, string what)
    {
        var errors = new List<TextRecordError>();
        long errorCount = 0;
        void OnError(TextRecordError e)
        {
            errorCount++;
            if (errors.Count < MaxErrorsShown) errors.Add(e);
        }

        long inputSize = new FileInfo(inputPath).Length;
        using var reader = TextRecordReader.Open(inputPath);
        using var writer = new EncodedVectorWriter(outputPath, tokenizer);
        EncodeSummary summary;
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (inputSize > (1 << 20) && !Console.IsErrorRedirected)
        {
            EncodeSummary? result = null;
            stderr.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"encoding ({what})", maxValue: inputSize);
                    result = job.Run(reader, writer, OnError, bytes => task.Value = bytes);
                    task.Value = inputSize;
                });
            summary = result!;
        }
        else
        {
            summary = job.Run(reader, writer, OnError);
        }
        writer.Commit();

        foreach (var e in errors)
            Console.Error.WriteLine($"{inputPath}:{e.LineNumber}: {e.Reason}");
        if (errorCount > errors.Count)
            Console.Error.WriteLine($"... and {errorCount - errors.Count} more bad lines.");
        double seconds = Math.Max(summary.Elapsed.TotalSeconds, 1e-9);
        Console.Error.WriteLine(
            $"encoded {summary.Encoded} of {summary.Lines} lines ({summary.Skipped} skipped, {summary.Truncated} truncated) " +
            $"in {summary.Elapsed.TotalSeconds:F1} s ({summary.Encoded / seconds:F1} texts/s) → {outputPath}");
        return summary.Skipped > 0 ? 1 : 0;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}

/// <summary>The batching/threading options shared by <c>encode</c> and <c>bench encode</c>.</summary>
internal sealed class EncoderCliOptions
{
    private readonly Option<int> _tokenBudget = new("--batch-tokens") { Description = "Token budget per batch (batch × padded length)", DefaultValueFactory = _ => new EncoderOptions().TokenBudget };
    private readonly Option<int> _maxBatch = new("--max-batch") { Description = "Maximum texts per batch", DefaultValueFactory = _ => new EncoderOptions().MaxBatchSize };
    private readonly Option<int> _parallel = new("--parallel") { Description = "Model runs in flight at once", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _threads = new("--threads") { Description = "ONNX Runtime intra-op threads per run (0 = one per core)", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _topK = new("--top-k") { Description = "Sparse: keep the k heaviest terms (0 = all)", DefaultValueFactory = _ => 0 };
    private readonly Option<float> _minWeight = new("--min-weight") { Description = "Sparse: drop weights not above this", DefaultValueFactory = _ => 0f };

    public void AddTo(Command command)
    {
        command.Options.Add(_tokenBudget);
        command.Options.Add(_maxBatch);
        command.Options.Add(_parallel);
        command.Options.Add(_threads);
        command.Options.Add(_topK);
        command.Options.Add(_minWeight);
    }

    public EncoderOptions Read(ParseResult parse) => new()
    {
        TokenBudget = parse.GetValue(_tokenBudget),
        MaxBatchSize = parse.GetValue(_maxBatch),
        Parallelism = parse.GetValue(_parallel),
        IntraOpThreads = parse.GetValue(_threads),
        TopK = parse.GetValue(_topK),
        MinWeight = parse.GetValue(_minWeight),
    };
}

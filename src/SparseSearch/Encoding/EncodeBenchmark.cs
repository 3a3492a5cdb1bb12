using System.Diagnostics;

namespace SparseSearch.Encoding;

/// <summary>Throughput of one benchmark pass.</summary>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Texts">Texts encoded.</param>
/// <param name="Tokens">Real tokens (padding excluded).</param>
public sealed record ThroughputSample(TimeSpan Elapsed, int Texts, long Tokens)
{
    /// <summary>Texts per second.</summary>
    public double TextsPerSecond => Texts / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Real tokens per second.</summary>
    public double TokensPerSecond => Tokens / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>Result of <see cref="EncodeBenchmark"/>: the end-to-end encoder against bare ONNX Runtime runs of the same batches.</summary>
public sealed record EncodeBenchmarkResult
{
    /// <summary>Texts in the run.</summary>
    public required int Texts { get; init; }

    /// <summary>Real tokens after truncation.</summary>
    public required long Tokens { get; init; }

    /// <summary>Cells of the padded batches (batch × padded length summed).</summary>
    public required long PaddedTokens { get; init; }

    /// <summary>Batches planned.</summary>
    public required int Batches { get; init; }

    /// <summary>Texts cut to the maximum length.</summary>
    public required int Truncated { get; init; }

    /// <summary>Every raw ORT pass (session.Run over the prebuilt padded batches only).</summary>
    public required IReadOnlyList<ThroughputSample> RawRuns { get; init; }

    /// <summary>Every end-to-end pass (text → tokenize → batch → run → pool → vectors).</summary>
    public required IReadOnlyList<ThroughputSample> EndToEndRuns { get; init; }

    /// <summary>Fastest raw pass.</summary>
    public ThroughputSample BestRaw => Best(RawRuns);

    /// <summary>Fastest end-to-end pass.</summary>
    public ThroughputSample BestEndToEnd => Best(EndToEndRuns);

    /// <summary>End-to-end throughput over raw ORT throughput (best passes); 1 means no overhead at all.</summary>
    public double Ratio => BestEndToEnd.TextsPerSecond / BestRaw.TextsPerSecond;

    private static ThroughputSample Best(IReadOnlyList<ThroughputSample> runs)
    {
        var best = runs[0];
        foreach (var r in runs) if (r.Elapsed < best.Elapsed) best = r;
        return best;
    }
}

/// <summary>
/// Measures encoding throughput end to end beside the raw ONNX Runtime time of the very same padded batches, in the
/// same process and alternating the two, so that the ratio shows what tokenizing, batching, pooling and vector
/// building cost on top of inference. Passes alternate raw / end-to-end and the best of each is reported, which
/// damps the noise of a shared machine.
/// </summary>
public static class EncodeBenchmark
{
    /// <summary>Benchmarks a sparse encoder.</summary>
    public static EncodeBenchmarkResult Run(SpladeEncoder encoder, IReadOnlyList<string> texts, int repeats, Action<string>? log = null) =>
        Run(encoder.Model, t => encoder.Encode(t), texts, repeats, log);

    /// <summary>Benchmarks a dense encoder.</summary>
    public static EncodeBenchmarkResult Run(DenseEncoder encoder, IReadOnlyList<string> texts, int repeats, Action<string>? log = null) =>
        Run(encoder.Model, t => encoder.Encode(t), texts, repeats, log);

    private static EncodeBenchmarkResult Run(EncoderModel model, Action<IReadOnlyList<string>> encodeAll, IReadOnlyList<string> texts, int repeats, Action<string>? log)
    {
        if (texts.Count == 0) throw new ArgumentException("No texts to benchmark.", nameof(texts));
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats));
        var options = model.Options;
        var prepared = PreparedSequences.FromTexts(model.Tokenizer, texts, model.MaxLength);
        var lengths = new int[prepared.Sequences.Length];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = prepared.Sequences[i].Length;
        int maxBatch = model.Manifest.Kind == ModelKind.Sparse && model.Manifest.SparseLayout == SparseOutputLayout.IndexWeightPairs
            ? 1 : options.MaxBatchSize;
        var batches = LengthBatchPlanner.Plan(lengths, options.TokenBudget, maxBatch);
        var filled = new BatchInputs[batches.Count];
        long padded = 0;
        for (int b = 0; b < batches.Count; b++)
        {
            filled[b] = new BatchInputs();
            filled[b].Fill(batches[b], prepared.Sequences, model.SpecialTokens.Pad);
            padded += batches[b].PaddedTokens;
        }
        string[] outputs = model.Manifest.OutputNames;

        void RawPass()
        {
            Parallel.For(0, filled.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, b =>
            {
                using var result = model.Session.Run(filled[b].ToInputs(model.Manifest.Inputs), outputs);
            });
        }

        log?.Invoke($"{texts.Count} texts, {prepared.Tokens} tokens, {batches.Count} batches; warming up");
        // Warm-up: the largest batch (first) sizes ORT's arena, then one end-to-end pass on a small slice.
        using (var warm = model.Session.Run(filled[0].ToInputs(model.Manifest.Inputs), outputs)) { }
        encodeAll(Slice(texts, Math.Min(texts.Count, 16)));

        var raw = new List<ThroughputSample>();
        var endToEnd = new List<ThroughputSample>();
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            RawPass();
            raw.Add(new ThroughputSample(clock.Elapsed, texts.Count, prepared.Tokens));
            log?.Invoke($"pass {r + 1}: raw ORT {clock.Elapsed.TotalSeconds:F2} s");

            clock.Restart();
            encodeAll(texts);
            endToEnd.Add(new ThroughputSample(clock.Elapsed, texts.Count, prepared.Tokens));
            log?.Invoke($"pass {r + 1}: end to end {clock.Elapsed.TotalSeconds:F2} s");
        }
        return new EncodeBenchmarkResult
        {
            Texts = texts.Count,
            Tokens = prepared.Tokens,
            PaddedTokens = padded,
            Batches = batches.Count,
            Truncated = (int)prepared.TruncatedCount,
            RawRuns = raw,
            EndToEndRuns = endToEnd,
        };
    }

    private static string[] Slice(IReadOnlyList<string> texts, int count)
    {
        var slice = new string[count];
        for (int i = 0; i < count; i++) slice[i] = texts[i];
        return slice;
    }
}

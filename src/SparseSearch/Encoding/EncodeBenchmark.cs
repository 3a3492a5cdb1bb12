using System.Diagnostics;

namespace SparseSearch.Encoding;

/// <summary>One benchmark pass: wall time and the CPU time this process used (all threads, ORT's included).</summary>
/// <param name="Elapsed">Wall time.</param>
/// <param name="CpuTime">Process CPU time (user + system) during the pass.</param>
/// <param name="Texts">Texts encoded.</param>
/// <param name="Tokens">Real tokens (padding excluded).</param>
public sealed record ThroughputSample(TimeSpan Elapsed, TimeSpan CpuTime, int Texts, long Tokens)
{
    /// <summary>Texts per wall-clock second.</summary>
    public double TextsPerSecond => Texts / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Real tokens per wall-clock second.</summary>
    public double TokensPerSecond => Tokens / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Texts per CPU second: insensitive to other processes competing for the cores.</summary>
    public double TextsPerCpuSecond => Texts / Math.Max(CpuTime.TotalSeconds, 1e-9);
}

/// <summary>Result of <see cref="EncodeBenchmark"/>: the end-to-end job against bare ONNX Runtime runs of the same batches.</summary>
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

    /// <summary>Input lines the job skipped as malformed.</summary>
    public required long Skipped { get; init; }

    /// <summary>Every raw ORT pass (session.Run over the prebuilt padded batches only).</summary>
    public required IReadOnlyList<ThroughputSample> RawRuns { get; init; }

    /// <summary>Every end-to-end pass (JSONL → parse → tokenize → batch → run → pool → vectors → JSONL file).</summary>
    public required IReadOnlyList<ThroughputSample> EndToEndRuns { get; init; }

    /// <summary>Fastest raw pass (wall clock).</summary>
    public ThroughputSample BestRaw => Best(RawRuns);

    /// <summary>Fastest end-to-end pass (wall clock).</summary>
    public ThroughputSample BestEndToEnd => Best(EndToEndRuns);

    /// <summary>End-to-end over raw ORT throughput, best wall-clock passes; 1 means no overhead at all.</summary>
    public double Ratio => BestEndToEnd.TextsPerSecond / BestRaw.TextsPerSecond;

    /// <summary>The same ratio on CPU time (least CPU per pass), which competing processes disturb much less.</summary>
    public double CpuRatio => LeastCpu(EndToEndRuns).TextsPerCpuSecond / LeastCpu(RawRuns).TextsPerCpuSecond;

    private static ThroughputSample Best(IReadOnlyList<ThroughputSample> runs)
    {
        var best = runs[0];
        foreach (var r in runs) if (r.Elapsed < best.Elapsed) best = r;
        return best;
    }

    private static ThroughputSample LeastCpu(IReadOnlyList<ThroughputSample> runs)
    {
        var best = runs[0];
        foreach (var r in runs) if (r.CpuTime < best.CpuTime) best = r;
        return best;
    }
}

/// <summary>
/// Measures the <c>encode</c> job end to end (JSONL bytes in, JSONL file out) beside the raw ONNX Runtime time of the
/// very same padded batches (planned per chunk exactly as the job plans them), in one process. Passes alternate raw /
/// end-to-end; the best of each is reported, on wall clock and on process CPU time, which damps the noise of a shared
/// machine.
/// </summary>
public static class EncodeBenchmark
{
    /// <summary>Runs the benchmark of <paramref name="job"/> (built over <paramref name="model"/>) on JSONL lines.</summary>
    /// <param name="model">The model the job's encoder runs.</param>
    /// <param name="job">The encode job (sparse or dense).</param>
    /// <param name="jsonl">The input, as the job would read it from a file.</param>
    /// <param name="scratchOutput">Where the end-to-end passes write their output (deleted afterwards).</param>
    /// <param name="repeats">Alternating passes.</param>
    /// <param name="log">Progress lines.</param>
    public static EncodeBenchmarkResult Run(EncoderModel model, EncodeJob job, byte[] jsonl, string scratchOutput, int repeats, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(job);
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats));

        var texts = new List<string>();
        using (var reader = new TextRecordReader(new MemoryStream(jsonl)))
            while (reader.TryRead(out var record, out _))
                if (record is not null) texts.Add(record.Text);
        if (texts.Count == 0) throw new ArgumentException("No usable records to benchmark.", nameof(jsonl));

        // The raw baseline: the job's own chunks, tokenized and planned the same way, tensors filled up front.
        var options = model.Options;
        int maxBatch = model.Manifest.Kind == ModelKind.Sparse && model.Manifest.SparseLayout == SparseOutputLayout.IndexWeightPairs
            ? 1 : options.MaxBatchSize;
        var filled = new List<BatchInputs>();
        long tokens = 0, padded = 0, truncated = 0;
        for (int start = 0; start < texts.Count; start += job.ChunkSize)
        {
            var chunk = texts.GetRange(start, Math.Min(job.ChunkSize, texts.Count - start));
            var prepared = PreparedSequences.FromTexts(model.Tokenizer, chunk, model.MaxLength);
            tokens += prepared.Tokens;
            truncated += prepared.TruncatedCount;
            var lengths = new int[prepared.Sequences.Length];
            for (int i = 0; i < lengths.Length; i++) lengths[i] = prepared.Sequences[i].Length;
            foreach (var batch in LengthBatchPlanner.Plan(lengths, options.TokenBudget, maxBatch))
            {
                var inputs = new BatchInputs();
                inputs.Fill(batch, prepared.Sequences, model.SpecialTokens.Pad);
                filled.Add(inputs);
                padded += batch.PaddedTokens;
            }
        }
        string[] outputs = model.Manifest.OutputNames;

        void RawPass()
        {
            Parallel.For(0, filled.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, b =>
            {
                using var result = model.Session.Run(filled[b].ToInputs(model.Manifest.Inputs), outputs);
            });
        }

        long skipped = 0;
        void EndToEndPass()
        {
            using var reader = new TextRecordReader(new MemoryStream(jsonl));
            using var writer = new EncodedVectorWriter(scratchOutput, model.Tokenizer);
            skipped = job.Run(reader, writer, _ => { }).Skipped;
            writer.Commit();
        }

        log?.Invoke($"{texts.Count} texts, {tokens} tokens, {filled.Count} batches; warming up");
        // Warm-up: the largest batch sizes ORT's arena, then one full end-to-end pass is not timed.
        using (model.Session.Run(filled[0].ToInputs(model.Manifest.Inputs), outputs)) { }

        var raw = new List<ThroughputSample>();
        var endToEnd = new List<ThroughputSample>();
        var process = Process.GetCurrentProcess();
        try
        {
            for (int r = 0; r < repeats; r++)
            {
                raw.Add(Measure(process, RawPass, texts.Count, tokens));
                log?.Invoke($"pass {r + 1}: raw ORT {raw[^1].Elapsed.TotalSeconds:F2} s wall, {raw[^1].CpuTime.TotalSeconds:F2} s CPU");
                endToEnd.Add(Measure(process, EndToEndPass, texts.Count, tokens));
                log?.Invoke($"pass {r + 1}: end to end {endToEnd[^1].Elapsed.TotalSeconds:F2} s wall, {endToEnd[^1].CpuTime.TotalSeconds:F2} s CPU");
            }
        }
        finally
        {
            File.Delete(scratchOutput);
        }
        return new EncodeBenchmarkResult
        {
            Texts = texts.Count,
            Tokens = tokens,
            PaddedTokens = padded,
            Batches = filled.Count,
            Truncated = (int)truncated,
            Skipped = skipped,
            RawRuns = raw,
            EndToEndRuns = endToEnd,
        };
    }

    private static ThroughputSample Measure(Process process, Action pass, int texts, long tokens)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        pass();
        clock.Stop();
        process.Refresh();
        return new ThroughputSample(clock.Elapsed, process.TotalProcessorTime - cpu, texts, tokens);
    }
}

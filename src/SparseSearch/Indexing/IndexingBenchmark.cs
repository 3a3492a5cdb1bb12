namespace SparseSearch.Indexing;

/// <summary>
/// End-to-end bulk indexing throughput against encode-only throughput of the same documents with the same loaded
/// models, measured in one process: passes alternate (encode-only, then indexing into a fresh directory) so drift in
/// machine load hits both sides alike. The overhead of indexing is <c>1 − end-to-end docs/s ÷ encode-only docs/s</c>.
/// </summary>
public static class IndexingBenchmark
{
    /// <summary>Runs <paramref name="rounds"/> alternating pairs over the first <paramref name="documents"/> documents of
    /// the job's input, after a short warm-up pass. Index directories are created under <paramref name="scratch"/> and deleted.</summary>
    public static IReadOnlyList<IndexingBenchmarkRound> Run(IndexingJob job, long documents, int rounds, string scratch)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(documents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var encodeOnly = job.Options with { EncodeOnly = true, Limit = documents, IndexDirectory = Path.Combine(scratch, "unused") };
        new IndexingRun(encodeOnly with { Limit = Math.Min(16, documents) }).Run(); // warm-up: ORT arenas, thread pools, JIT
        var results = new List<IndexingBenchmarkRound>();
        for (int r = 0; r < rounds; r++)
        {
            var cpu0 = CpuTime();
            var encoded = new IndexingRun(encodeOnly).Run();
            var cpu1 = CpuTime();
            string dir = Path.Combine(scratch, $"bench-index-{Environment.ProcessId}-{r}");
            try
            {
                var indexed = new IndexingRun(job.Options with { Limit = documents, IndexDirectory = dir, Restart = true }).Run();
                results.Add(new IndexingBenchmarkRound(encoded, indexed, cpu1 - cpu0, CpuTime() - cpu1));
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }
        return results;
    }

    private static TimeSpan CpuTime()
    {
        using var p = System.Diagnostics.Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
}

/// <summary>One encode-only pass and one end-to-end pass over the same documents.</summary>
/// <param name="EncodeOnly">Reader + encoders, nothing written.</param>
/// <param name="EndToEnd">Reader + encoders + index writer with commits.</param>
/// <param name="EncodeOnlyCpu">Process CPU time (all threads, ONNX Runtime's included) of the encode-only pass.</param>
/// <param name="EndToEndCpu">Process CPU time of the end-to-end pass.</param>
/// <remarks>On a machine shared with other work, wall-clock rates swing with the load; CPU time per document is the
/// steadier measure of what indexing adds.</remarks>
public sealed record IndexingBenchmarkRound(IndexingReport EncodeOnly, IndexingReport EndToEnd, TimeSpan EncodeOnlyCpu, TimeSpan EndToEndCpu)
{
    /// <summary>Share of CPU time added by indexing: end-to-end CPU ÷ encode-only CPU − 1 (same documents).</summary>
    public double CpuOverhead => EndToEndCpu.TotalSeconds / EncodeOnlyCpu.TotalSeconds - 1;

    /// <summary>Encode-only documents per second (wall).</summary>
    public double EncodeOnlyDocsPerSecond => EncodeOnly.Run.Indexed / EncodeOnly.Wall.TotalSeconds;

    /// <summary>End-to-end documents per second (wall).</summary>
    public double EndToEndDocsPerSecond => EndToEnd.Run.Indexed / EndToEnd.Wall.TotalSeconds;

    /// <summary>Share of throughput lost to indexing: 1 − end-to-end ÷ encode-only.</summary>
    public double Overhead => 1 - EndToEndDocsPerSecond / EncodeOnlyDocsPerSecond;
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using SparseSearch.Encoding;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Index;

namespace SparseSearch.Search.Bm25;

/// <summary>Settings of <see cref="Bm25Benchmark"/>.</summary>
public sealed record Bm25BenchmarkOptions
{
    /// <summary>BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv).</summary>
    public required string DataFolder { get; init; }

    /// <summary>Scratch directory for the indexes (deleted and rebuilt).</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>Hits per query.</summary>
    public int K { get; init; } = 10;

    /// <summary>Timed passes over the queries (after one warm-up pass).</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Threads for the parallel analysis run.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Index the corpus this many times (ids suffixed #1, #2...) to measure pruning on longer postings.</summary>
    public int Replicate { get; init; } = 1;

    /// <summary>The field's analyzer and parameters.</summary>
    public Bm25FieldSchema Field { get; init; } = new();

    /// <summary>Progress lines.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// BM25-only indexing throughput (writer-side analysis on one thread, and analysis in parallel ahead of the writer as
/// the bulk pipeline does) and single-thread BM25 query latency on one BEIR set, with nDCG@10 as a sanity check.
/// Returns a markdown report.
/// </summary>
public static class Bm25Benchmark
{
    public static string Run(Bm25BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = options.Log ?? (_ => { });
        var data = BeirDataset.Open(options.DataFolder);
        var clock = Stopwatch.StartNew();
        var original = new List<BeirDocument>(data.ReadCorpus());
        var docs = new List<BeirDocument>(original.Count * Math.Max(1, options.Replicate));
        for (int r = 0; r < Math.Max(1, options.Replicate); r++)
            foreach (var d in original)
                docs.Add(r == 0 ? d : d with { Id = d.Id + "#" + r.ToString(CultureInfo.InvariantCulture) });
        log($"read {original.Count} documents in {clock.ElapsedMilliseconds} ms; indexing {docs.Count}");

        var report = new StringBuilder();
        report.AppendLine($"## BM25 field benchmark: {data.Name} ({docs.Count} docs{(options.Replicate > 1 ? $", the corpus {options.Replicate}×" : "")}, {data.Queries.Count} {data.Split} queries)");
        report.AppendLine();
        report.AppendLine($"Analyzer `{options.Field.Analyzer}`, k1 {options.Field.K1}, b {options.Field.B}; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}.");
        report.AppendLine();
        report.AppendLine("| indexing | threads | analysis ms | write+commit ms | total ms | docs/s |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");

        // 1) The writer analyses each document itself (IndexDocument without a payload), one thread.
        string dir1 = Fresh(Path.Combine(options.IndexDirectory, "serial"));
        clock.Restart();
        using (var writer = IndexWriter.Create(dir1, new IndexSchema { VocabSize = 0, Bm25 = options.Field }, new IndexWriterOptions { MergePolicy = null }))
        {
            foreach (var d in docs)
                writer.Upsert(new IndexDocument(d.Id, SparseVector.Empty, d.Title, d.Text));
            writer.Commit();
        }
        double serialMs = clock.Elapsed.TotalMilliseconds;
        report.AppendLine(Row("writer-side analysis", 1, double.NaN, double.NaN, serialMs, docs.Count));
        log($"serial: {serialMs:F0} ms");

        // 2) Analysis in parallel ahead of the writer (what the bulk pipeline does), then adds in corpus order.
        string dir2 = Fresh(Path.Combine(options.IndexDirectory, "parallel"));
        clock.Restart();
        var analysed = new TermFrequencies[docs.Count];
        Parallel.For(0, docs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) },
            i => analysed[i] = options.Field.Analyze(docs[i].Title, docs[i].Text));
        double analysisMs = clock.Elapsed.TotalMilliseconds;
        using (var writer = IndexWriter.Create(dir2, new IndexSchema { VocabSize = 0, Bm25 = options.Field }, new IndexWriterOptions { MergePolicy = null }))
        {
            for (int i = 0; i < docs.Count; i++)
                writer.Upsert(new IndexDocument(docs[i].Id, SparseVector.Empty, docs[i].Title, docs[i].Text) { Bm25Terms = analysed[i] });
            writer.Commit();
        }
        double parallelMs = clock.Elapsed.TotalMilliseconds;
        report.AppendLine(Row("parallel analysis + writer", options.Threads, analysisMs, parallelMs - analysisMs, parallelMs, docs.Count));
        log($"parallel: {parallelMs:F0} ms");

        long bm25Bytes = 0, allBytes = 0;
        foreach (var f in new DirectoryInfo(dir2).GetFiles())
        {
            allBytes += f.Length;
            if (f.Extension is ".btm" or ".bps" or ".bnm")
                bm25Bytes += f.Length;
        }
        report.AppendLine();
        report.AppendLine($"Index size: {allBytes / 1024.0:F0} KiB in all ({bm25Bytes / 1024.0:F0} KiB BM25 field files: dictionary, postings, norms; the rest stored text and ids).");
        report.AppendLine();

        using var snapshot = IndexReader.Open(dir2);
        var searcher = new Bm25Searcher(snapshot);
        var queries = data.Queries;
        var run = new TrecRun("bm25");
        foreach (var q in queries)
            run.AddResults(q.Id, ToRun(searcher.Search(q.Text, options.K)));
        double ndcg = new TrecEvaluator(data.Qrels, [Metric.Ndcg10]).Evaluate(run).Mean(Metric.Ndcg10);

        int reps = Math.Max(1, options.Repetitions);
        var prepared = new Bm25Query[queries.Count];
        var prepare = new double[queries.Count * reps];
        int n = 0;
        for (int r = 0; r < reps; r++)
        {
            for (int i = 0; i < queries.Count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                prepared[i] = searcher.Prepare(queries[i].Text);
                prepare[n++] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }
        Array.Sort(prepare);
        report.AppendLine($"| BM25 query, one thread, k = {options.K}, {queries.Count} queries × {reps} | p50 ms | p95 ms | p99 ms | mean ms | QPS |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        report.AppendLine(Latency("analyse + resolve terms (`Prepare`)", prepare));
        report.AppendLine(Latency("search, exhaustive TAAT (`SearchExhaustive`)", Time(prepared, reps, q => searcher.SearchExhaustive(q, options.K))));
        report.AppendLine(Latency("search, rank-safe MaxScore (`Search`)", Time(prepared, reps, q => searcher.Search(q, options.K))));
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"nDCG@10 = {ndcg:F4}{(options.Replicate > 1 ? " (replicated corpus: copies tie, not comparable)" : "")} ({snapshot.Segments.Count} segment(s), rank-safe MaxScore `Search`)."));
        return report.ToString();
    }

    private static double[] Time(Bm25Query[] queries, int reps, Func<Bm25Query, IReadOnlyList<SearchHit>> search)
    {
        foreach (var q in queries)
            search(q); // warm-up
        var times = new double[queries.Length * reps];
        int n = 0;
        for (int r = 0; r < reps; r++)
        {
            foreach (var q in queries)
            {
                long t0 = Stopwatch.GetTimestamp();
                search(q);
                times[n++] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }
        Array.Sort(times);
        return times;
    }

    private static string Latency(string what, double[] sorted)
    {
        double sum = 0;
        foreach (var t in sorted) sum += t;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {Pct(sorted, 0.50):F3} | {Pct(sorted, 0.95):F3} | {Pct(sorted, 0.99):F3} | {sum / sorted.Length:F3} | {sorted.Length / (sum / 1000):F0} |");
    }

    private static List<(string, float)> ToRun(IReadOnlyList<SearchHit> hits)
    {
        var list = new List<(string, float)>(hits.Count);
        foreach (var h in hits)
            list.Add((h.Id, h.Score));
        return list;
    }

    private static string Row(string what, int threads, double analysisMs, double writeMs, double totalMs, int docs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {threads} | {(double.IsNaN(analysisMs) ? "(in writer)" : analysisMs.ToString("F0", CultureInfo.InvariantCulture))} | "
            + $"{(double.IsNaN(writeMs) ? "" : writeMs.ToString("F0", CultureInfo.InvariantCulture))} | {totalMs:F0} | {docs / (totalMs / 1000):F0} |");

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Fresh(string dir)
    {
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        return dir;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Search.Dense;

namespace SparseSearch.Search.Query.Bench;

/// <summary>One configuration the benchmark times.</summary>
/// <param name="Label">Row label.</param>
/// <param name="Request">The request template (its query text is replaced per query).</param>
public sealed record BenchCase(string Label, SearchRequest Request);

/// <summary>Latency percentiles of one configuration, in milliseconds.</summary>
public sealed record BenchRow(
    string Label, int Queries, double EncodeP50, double EncodeP95, double SearchP50, double SearchP95,
    double FuseP50, double FetchP50, double TotalP50, double TotalP95, double Qps, string? Error, double? Ndcg10 = null);

/// <summary>The whole benchmark's result.</summary>
public sealed record QueryBenchReport(IReadOnlyList<BenchRow> Rows, long Documents, long DenseDocuments, string Machine, int K)
{
    /// <summary>Markdown: the machine, one row per configuration, dense cost per 1k documents, inference-free vs BM25.</summary>
    public string ToMarkdown(string title, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# {title}").AppendLine();
        sb.AppendLine($"Command: `{command}`").AppendLine();
        sb.AppendLine($"Machine: {Machine}").AppendLine();
        sb.AppendLine($"Index: {Documents} live documents ({DenseDocuments} with dense vectors). One search thread, k = {K}, " +
                      "each query run once after a warm-up pass over the first queries; times per query in ms (p50 / p95). " +
                      "encode = query encoding (ONNX model, or tokenizer + idf), search = postings / vector scan (+ exact " +
                      "fill-in for hybrids is under fuse), fetch = stored title + snippet of the k hits, total = the whole request.").AppendLine();
        sb.AppendLine("| mode | queries | encode p50 | encode p95 | search p50 | search p95 | fuse p50 | fetch p50 | total p50 | total p95 | QPS | nDCG@10 |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in Rows)
        {
            if (r.Error is not null)
            {
                sb.AppendLine($"| {r.Label} | – | not available: {r.Error} ||||||||||");
                continue;
            }
            sb.AppendLine(string.Format(inv, "| {0} | {1} | {2:0.00} | {3:0.00} | {4:0.00} | {5:0.00} | {6:0.00} | {7:0.00} | {8:0.00} | {9:0.00} | {10:0.0} | {11} |",
                r.Label, r.Queries, r.EncodeP50, r.EncodeP95, r.SearchP50, r.SearchP95, r.FuseP50, r.FetchP50, r.TotalP50, r.TotalP95, r.Qps, r.Ndcg10 is { } n ? n.ToString("0.0000", inv) : "–"));
        }
        sb.AppendLine();
        foreach (var r in Rows)
        {
            if (r.Error is null && r.Label.StartsWith("dense", StringComparison.Ordinal) && DenseDocuments > 0)
                sb.AppendLine(string.Format(inv, "- {0}: exact search {1:0.000} ms per 1k documents (search p50 / {2:0.###}k documents).",
                    r.Label, r.SearchP50 / (DenseDocuments / 1000.0), DenseDocuments / 1000.0));
        }
        var idf = Rows.FirstOrDefault(r => r.Label == "inference-free" && r.Error is null);
        var bm25 = Rows.FirstOrDefault(r => r.Label == "bm25");
        if (idf is not null && bm25 is { Error: null })
            sb.AppendLine(string.Format(inv, "- inference-free / BM25 total p50: {0:0.00}× (target ≤ 1.2×).", idf.TotalP50 / bm25.TotalP50));
        else
            sb.AppendLine("- inference-free vs BM25: not measured, the index has no BM25 field yet.");
        return sb.ToString();
    }
}

/// <summary>
/// Single-threaded query latency over a <see cref="SearchEngine"/>: every configuration runs every query once (after
/// a warm-up over the first few), and the engine's own timings split encoding from search and fusion.
/// </summary>
public static class QueryBenchmark
{
    /// <summary>The usual configurations: every mode, the idf variants, int8 dense, both fusions, approximate sparse.</summary>
    public static IReadOnlyList<BenchCase> DefaultCases(int k) =>
    [
        new("sparse", new SearchRequest { Query = "-", Mode = QueryMode.Sparse, K = k }),
        new("sparse approximate (term cut 10, factor 0.9)", new SearchRequest { Query = "-", Mode = QueryMode.Sparse, K = k, Traversal = Traversal.Approximate, ApproximateTermCut = 10, ApproximateBlockFactor = 0.9f }),
        new("inference-free", new SearchRequest { Query = "-", Mode = QueryMode.InferenceFree, K = k }),
        new("inference-free (index idf)", new SearchRequest { Query = "-", Mode = QueryMode.InferenceFree, K = k, IdfSource = IdfSource.Index }),
        new("bm25", new SearchRequest { Query = "-", Mode = QueryMode.Bm25, K = k }),
        new("dense", new SearchRequest { Query = "-", Mode = QueryMode.Dense, K = k }),
        new("dense int8 + float re-scoring", new SearchRequest { Query = "-", Mode = QueryMode.Dense, K = k, DenseInt8 = true }),
        new("hybrid dense+sparse min-max (depth 1000)", new SearchRequest { Query = "-", Mode = QueryMode.Hybrid, K = k }),
        new("hybrid dense+sparse RRF (depth 1000)", new SearchRequest { Query = "-", Mode = QueryMode.Hybrid, K = k, Fusion = FusionMethod.Rrf }),
        new("hybrid dense+inference-free min-max", new SearchRequest { Query = "-", Mode = QueryMode.Hybrid, K = k, HybridSparseSide = QueryMode.InferenceFree }),
    ];

    /// <summary>Runs the cases; a mode the index cannot serve becomes a row with its reason.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="queries">Query texts.</param>
    /// <param name="cases">Configurations.</param>
    /// <param name="warmup">Queries run before timing each configuration.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="judged">Optional (query ids aligned with <paramref name="queries"/>, judgments): adds nDCG@10 of each
    /// configuration's runs (exact when k ≥ 10).</param>
    public static QueryBenchReport Run(SearchEngine engine, IReadOnlyList<string> queries, IReadOnlyList<BenchCase> cases, int warmup = 20,
        Action<string>? log = null, (IReadOnlyList<string> Ids, Qrels Qrels)? judged = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0) throw new ArgumentException("No queries.", nameof(queries));
        var rows = new List<BenchRow>();
        int k = cases.Count > 0 ? cases[0].Request.K : 10;
        foreach (var c in cases)
        {
            try
            {
                for (int i = 0; i < Math.Min(warmup, queries.Count); i++)
                    engine.Search(c.Request with { Query = queries[i] });
            }
            catch (ModeNotSupportedException e)
            {
                rows.Add(new BenchRow(c.Label, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, e.Message));
                log?.Invoke($"{c.Label}: not available ({e.Message})");
                continue;
            }
            var encode = new double[queries.Count];
            var search = new double[queries.Count];
            var fuse = new double[queries.Count];
            var fetch = new double[queries.Count];
            var total = new double[queries.Count];
            var run = judged is null ? null : new TrecRun(c.Label);
            var wall = Stopwatch.StartNew();
            for (int i = 0; i < queries.Count; i++)
            {
                var response = engine.Search(c.Request with { Query = queries[i] });
                var t = response.Timings;
                if (run is not null)
                {
                    var pairs = new (string, float)[response.Hits.Count];
                    for (int h = 0; h < pairs.Length; h++) pairs[h] = (response.Hits[h].Id, response.Hits[h].Score);
                    run.AddResults(judged!.Value.Ids[i], pairs);
                }
                encode[i] = t.EncodeMs;
                search[i] = t.SearchMs;
                fuse[i] = t.FuseMs;
                fetch[i] = t.FetchMs;
                total[i] = t.TotalMs;
            }
            double seconds = wall.Elapsed.TotalSeconds;
            var row = new BenchRow(c.Label, queries.Count, P(encode, 50), P(encode, 95), P(search, 50), P(search, 95),
                P(fuse, 50), P(fetch, 50), P(total, 50), P(total, 95), queries.Count / seconds, null,
                run is null ? null : new TrecEvaluator(judged!.Value.Qrels, [Metric.Ndcg10]).Evaluate(run).Mean(Metric.Ndcg10));
            rows.Add(row);
            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0}: total p50 {1:0.00} ms, p95 {2:0.00} ms (encode {3:0.00}, search {4:0.00})",
                c.Label, row.TotalP50, row.TotalP95, row.EncodeP50, row.SearchP50));
        }
        var snapshot = engine.Snapshot;
        // Measured at the end: the load during the run, which on a shared machine explains the spread of p95s.
        return new QueryBenchReport(rows, snapshot.LiveDocCount, ExactDenseSearcher.CountVectors(snapshot), Machine(), k);
    }

    private static double P(double[] values, int percentile)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>CPU model, cores, OS and runtime.</summary>
    public static string Machine()
    {
        string cpu = "unknown CPU";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) { cpu = line[(line.IndexOf(':') + 1)..].Trim(); break; }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        string load = "";
        try { load = ", load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1/5/15 min; other processes share the cores)"; }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return $"{cpu}, {Environment.ProcessorCount} logical cores{load}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
               $"AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, AVX-512 {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}";
    }
}

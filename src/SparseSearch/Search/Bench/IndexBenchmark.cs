using System.Diagnostics;
using System.Globalization;
using SparseSearch.Evaluation.PreEncoded;
using System.Text;
using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Text;

namespace SparseSearch.Search.Bench;

/// <summary>Settings of <see cref="IndexBenchmark"/>.</summary>
public sealed record IndexBenchmarkOptions
{
    /// <summary>Pre-encoded corpus (JsonVectorCollection JSONL, .gz allowed).</summary>
    public required string CorpusPath { get; init; }
    /// <summary>Pre-encoded queries (same format).</summary>
    public required string QueriesPath { get; init; }
    /// <summary>tokenizer.json mapping tokens to vocabulary ids.</summary>
    public required string TokenizerJson { get; init; }
    /// <summary>Index directory (deleted and rebuilt unless <see cref="ReuseIndex"/>).</summary>
    public required string IndexDirectory { get; init; }
    /// <summary>Hits per query.</summary>
    public int K { get; init; } = 10;
    /// <summary>Index only the first N documents.</summary>
    public int? MaxDocs { get; init; }
    /// <summary>Run only the first N queries.</summary>
    public int? MaxQueries { get; init; }
    /// <summary>Default of <see cref="WarmupQueries"/>.</summary>
    public const int DefaultWarmupQueries = 100;
    /// <summary>Queries run untimed before each mode.</summary>
    public int WarmupQueries { get; init; } = DefaultWarmupQueries;

    /// <summary>Open the index with <see cref="SparseSearch.Index.IndexReaderOptions.Preload"/> (every row, the
    /// exhaustive baseline included, then searches memory-resident postings and forward files).</summary>
    public bool Preload { get; init; }
    /// <summary>Documents per flushed segment.</summary>
    public int SegmentDocs { get; init; } = 250_000;
    /// <summary>Force-merge to one segment before searching.</summary>
    public bool ForceMerge { get; init; } = true;
    /// <summary>Reorder documents by similarity in the force-merge.</summary>
    public bool Reorder { get; init; }
    /// <summary>Documents per block of the block upper bounds = 2^shift.</summary>
    public int DocBlockShift { get; init; } = SparseSearch.Index.Codec.SegmentFiles.DefaultDocBlockShift;
    /// <summary>Reuse an index already in <see cref="IndexDirectory"/> (skip the build).</summary>
    public bool ReuseIndex { get; init; }
    /// <summary>Approximate settings to measure: (query term cut or null, block threshold factor).</summary>
    public IReadOnlyList<(int? Cut, float Factor)> ApproximateSettings { get; init; } = [(20, 0.9f), (10, 0.9f)];
    /// <summary>ImpactHead settings to measure: (query term cut, head depth).</summary>
    public IReadOnlyList<(int Cut, int Depth, int Rescore)> HeadSettings { get; init; } =
        [(10, 4096, 300), (20, 4096, 300), (10, int.MaxValue, 300), (20, int.MaxValue, 300), (20, int.MaxValue, 1000), (30, int.MaxValue, 1000)];
    /// <summary>CutAndRescore settings to measure: (query term cut, rescore depth).</summary>
    public IReadOnlyList<(int Cut, int Depth)> CutSettings { get; init; } = [(15, 300), (20, 300)];
    /// <summary>Pruned algorithms to measure (rank-safe and approximate).</summary>
    public IReadOnlyList<PruningAlgorithm> Algorithms { get; init; } = [PruningAlgorithm.MaxScore, PruningAlgorithm.BlockMax];
    /// <summary>Progress lines (stderr in the CLI).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// The index benchmark: builds an index from pre-encoded vectors (no encoding), then runs every query one at a time on
/// one thread in each mode, reporting latency percentiles, QPS and recall@k of approximate modes against exhaustive.
/// </summary>
public static class IndexBenchmark
{
    /// <summary>Runs the benchmark and returns a markdown report.</summary>
    public static string Run(IndexBenchmarkOptions o)
    {
        var log = o.Log ?? (_ => { });
        var tokenizer = WordPieceTokenizer.FromFile(o.TokenizerJson);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine(CultureInfo.InvariantCulture, $"Corpus: {o.CorpusPath}; queries: {o.QueriesPath}; k = {o.K}, one search thread");
        report.AppendLine();

        if (!o.ReuseIndex)
        {
            var sw = Stopwatch.StartNew();
            var docs = new List<PreEncodedTermVector>();
            // A token outside the vocabulary stops the run with file:line: the vectors would come from another model.
            foreach (var d in PreEncodedTermIdReader.Read(o.CorpusPath, tokenizer.TryGetId))
            {
                docs.Add(d);
                if (o.MaxDocs is { } m && docs.Count >= m) break;
            }
            double parseS = sw.Elapsed.TotalSeconds;
            long postings = 0;
            foreach (var d in docs) postings += d.Vector.Count;
            log($"parsed {docs.Count} docs ({postings} postings) in {parseS:F1} s");
            if (Directory.Exists(o.IndexDirectory))
                Directory.Delete(o.IndexDirectory, recursive: true);
            var schema = new IndexSchema { VocabSize = tokenizer.VocabSize, SparseModel = "pre-encoded" };
            sw.Restart();
            double mergeS = 0;
            using (var writer = IndexWriter.Create(o.IndexDirectory, schema,
                new IndexWriterOptions { MaxBufferedDocs = o.SegmentDocs, MaxBufferedBytes = long.MaxValue, MergePolicy = null, ReorderOnMerge = o.Reorder, DocBlockShift = o.DocBlockShift, ReorderedDocBlockShift = o.DocBlockShift }))
            {
                foreach (var d in docs)
                    writer.Upsert(new IndexDocument(d.Id, d.Vector, Text: d.Contents));
                writer.Commit();
                double buildS = sw.Elapsed.TotalSeconds;
                log($"indexed in {buildS:F1} s ({docs.Count / buildS:F0} docs/s), {writer.SegmentCount} segments, scale {writer.Schema.ImpactScale}");
                report.AppendLine(CultureInfo.InvariantCulture, $"Build: {docs.Count:N0} docs, {postings:N0} postings ({(double)postings / docs.Count:F1}/doc); JSON parsing {parseS:F1} s (not counted); " +
                    $"indexing + commit {buildS:F1} s = **{docs.Count / buildS:N0} docs/s** ({writer.SegmentCount} segments of ≤ {o.SegmentDocs:N0}); saturated weights {writer.SaturatedWeights}, scale {writer.Schema.ImpactScale}.");
                if (o.ForceMerge && (writer.SegmentCount > 1 || o.Reorder))
                {
                    sw.Restart();
                    // relayout: a corpus that fits in one flushed segment is still rewritten in the reordered layout.
                    writer.ForceMerge(1, relayout: o.Reorder);
                    writer.Commit();
                    mergeS = sw.Elapsed.TotalSeconds;
                    log($"force-merged in {mergeS:F1} s");
                    report.AppendLine(CultureInfo.InvariantCulture, $"Force-merge to one segment{(o.Reorder ? " with graph-bisection reordering" : "")}: {mergeS:F1} s (build + merge: {docs.Count / (buildS + mergeS):N0} docs/s).");
                }
            }
            docs.Clear();
        }
        long bytes = 0;
        foreach (var f in Directory.EnumerateFiles(o.IndexDirectory)) bytes += new FileInfo(f).Length;

        var queries = new List<SparseVector>();
        foreach (var q in PreEncodedTermIdReader.Read(o.QueriesPath, tokenizer.TryGetId))
        {
            queries.Add(q.Vector);
            if (o.MaxQueries is { } mq && queries.Count >= mq) break;
        }
        using var snapshot = IndexReader.Open(o.IndexDirectory, new IndexReaderOptions { Preload = o.Preload });
        report.AppendLine(CultureInfo.InvariantCulture, $"Index: {snapshot.LiveDocCount:N0} docs in {snapshot.Segments.Count} segment(s), {bytes / 1e6:F1} MB = **{(double)bytes / snapshot.LiveDocCount:F0} bytes/doc** (postings + forward index + ids + stored).");
        if (o.Preload)
            report.AppendLine("Opened with --preload: postings and forward files read into memory (huge pages advised), not mapped.");
        foreach (var seg in snapshot.Segments)
            report.AppendLine(CultureInfo.InvariantCulture, $"Segment {seg.Name}: {seg.DocCount:N0} docs, {(seg.Core.Info.Reordered ? "reordered by similarity" : "insertion order")}, blocks of {1 << seg.Core.Postings.DocBlockShift} docs, clustering (term-block pairs in random order / actual) {seg.Core.BlockBounds.Clustering(seg.Core.Postings):F2}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Queries: {queries.Count}, {Average(queries):F1} terms/query.");
        report.AppendLine();
        report.AppendLine("| mode | settings | recall@" + o.K + " vs exhaustive | p50 ms | p95 ms | p99 ms | mean ms | QPS | docs scored/query |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var searcher = new ImpactSearcher(snapshot);
        var exact = Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.Exhaustive }, null, report, "exact (u8 impacts)", log);
        Measure(searcher, queries, o, new SearchOptions(), exact, report, "default (BlockMax on reordered or clustered segments, else term-at-a-time)", log);
        Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.Approximate }, exact, report,
            $"default (BlockMax factor {new SearchOptions().BlockThresholdFactor.ToString(CultureInfo.InvariantCulture)} on reordered or clustered segments, else term-at-a-time)", log);
        foreach (var (cut, depth) in o.CutSettings)
            Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.Approximate, Algorithm = PruningAlgorithm.CutAndRescore, QueryTermCut = cut, RescoreDepth = depth }, exact, report,
                $"CutAndRescore, term cut {cut}, rescore depth {depth}", log);
        foreach (var (cut, depth, rescore) in o.HeadSettings)
            Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.Approximate, Algorithm = PruningAlgorithm.ImpactHead, QueryTermCut = cut, HeadDepth = depth, RescoreDepth = rescore }, exact, report,
                $"ImpactHead, term cut {cut}, head depth {(depth == int.MaxValue ? "all" : depth.ToString(CultureInfo.InvariantCulture))}, rescore {rescore}", log);
        foreach (var algorithm in o.Algorithms)
        {
            Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.RankSafe, Algorithm = algorithm }, exact, report, $"{algorithm}", log);
            foreach (var (cut, factor) in o.ApproximateSettings)
                Measure(searcher, queries, o, new SearchOptions { Mode = SearchMode.Approximate, Algorithm = algorithm, QueryTermCut = cut, BlockThresholdFactor = factor }, exact, report,
                    $"{algorithm}, term cut {(cut?.ToString(CultureInfo.InvariantCulture) ?? "none")}, factor {factor.ToString(CultureInfo.InvariantCulture)}", log);
        }
        using (var self = System.Diagnostics.Process.GetCurrentProcess())
        {
            self.Refresh();
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"Resident memory after the searches: {self.WorkingSet64 / 1e6:F0} MB (peak {self.PeakWorkingSet64 / 1e6:F0} MB, includes the build when not --reuse); index on disk {bytes / 1e6:F0} MB.");
        }
        return report.ToString();
    }

    private static double Average(List<SparseVector> qs)
    {
        double s = 0;
        foreach (var q in qs) s += q.Count;
        return qs.Count == 0 ? 0 : s / qs.Count;
    }

    private static List<SearchHit>[] Measure(ImpactSearcher searcher, List<SparseVector> queries, IndexBenchmarkOptions o, SearchOptions options,
        List<SearchHit>[]? exact, StringBuilder report, string settings, Action<string> log)
    {
        for (int i = 0; i < Math.Min(o.WarmupQueries, queries.Count); i++)
            searcher.Search(queries[i], o.K, options);
        var results = new List<SearchHit>[queries.Count];
        var times = new double[queries.Count];
        long scored = 0;
        var total = Stopwatch.StartNew();
        for (int i = 0; i < queries.Count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var r = searcher.Search(queries[i], o.K, options);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            results[i] = [.. r.Hits];
            scored += r.DocsScored;
        }
        double wall = total.Elapsed.TotalSeconds;
        Array.Sort(times);
        double mean = 0;
        foreach (var t in times) mean += t;
        mean /= Math.Max(1, times.Length);
        string recall = "1.0000 (reference)";
        if (exact is not null)
        {
            double sum = 0;
            bool identical = true;
            for (int i = 0; i < queries.Count; i++)
            {
                var ids = new HashSet<string>();
                foreach (var h in exact[i]) ids.Add(h.Id);
                int hit = 0;
                foreach (var h in results[i]) if (ids.Contains(h.Id)) hit++;
                sum += ids.Count == 0 ? 1 : (double)hit / ids.Count;
                if (!exact[i].SequenceEqual(results[i])) identical = false;
            }
            recall = (sum / queries.Count).ToString("F4", CultureInfo.InvariantCulture);
            if (options.Mode == SearchMode.RankSafe)
                recall += identical ? " (identical ids, order, scores)" : " (NOT IDENTICAL)";
        }
        string line = string.Create(CultureInfo.InvariantCulture,
            $"| {options.Mode} | {settings} | {recall} | {P(times, 0.50):F2} | {P(times, 0.95):F2} | {P(times, 0.99):F2} | {mean:F2} | {queries.Count / wall:F0} | {scored / (double)queries.Count:F0} |");
        report.AppendLine(line);
        log(line);
        return results;
    }

    private static double P(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SparseSearch.Evaluation.Beir;

namespace SparseSearch.Server.Bench;

/// <summary>
/// Load benchmark of the REST server on loopback: the real server (Kestrel on 127.0.0.1, random port) over a SciFact
/// index seeded from pre-encoded vectors; N clients search continuously (SciFact test queries, round robin) while one
/// client bulk-indexes the rest of the corpus through POST /v1/documents (encoded server-side with both models) and the
/// refresh timer publishes it. Reports QPS, latency percentiles, errors, and the indexing rate achieved meanwhile.
/// </summary>
public static class ServeBenchmark
{
    private const string Key = "bench-key";

    /// <summary>Runs the benchmark and returns the markdown report.</summary>
    public static async Task<string> RunAsync(ServeBenchmarkOptions o)
    {
        var log = o.Log ?? (_ => { });
        var corpus = BeirCorpusReader.Read(Path.Combine(o.DataFolder, "corpus.jsonl")).ToList();
        var queries = BeirQueriesReader.ReadAll(Path.Combine(o.DataFolder, "queries.jsonl"));
        int seedCount = Math.Clamp(o.SeedDocuments, 1, corpus.Count);
        var work = Path.Combine(o.WorkFolder ?? Path.GetTempPath(), "ss-bench-serve-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var sw = Stopwatch.StartNew();
            var index = Path.Combine(work, "index");
            SeedIndex.Build(index, o.DataFolder, o.ModelsRoot, corpus.GetRange(0, seedCount));
            log($"seed index: {seedCount} documents from pre-encoded vectors in {sw.Elapsed.TotalSeconds:F1} s");
            var keyFile = Path.Combine(work, "key");
            await File.WriteAllTextAsync(keyFile, Key);
            await using var app = ServerHost.Build([
                "--urls", "http://127.0.0.1:0",
                $"--SparseSearch:IndexDirectory={index}",
                $"--SparseSearch:ModelsRoot={o.ModelsRoot}",
                $"--SparseSearch:ApiKeyFile={keyFile}",
                $"--SparseSearch:RefreshIntervalMs={o.RefreshMs}",
                "--Logging:LogLevel:Default=Warning",
            ]);
            await app.StartAsync();
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            if (!new Uri(baseUrl).IsLoopback) throw new InvalidOperationException($"refusing to benchmark a non-loopback address {baseUrl}");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Clients + 4, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = new Uri(baseUrl),
                Timeout = TimeSpan.FromSeconds(60),
            };
            log($"server on {baseUrl}; {o.Clients} search clients, mode {o.Mode}, k {o.K}; warm-up {o.Warmup.TotalSeconds:F0} s, run {o.Duration.TotalSeconds:F0} s");

            // Warm-up: searches only (ONNX sessions, JIT, connection pool).
            using (var warm = new CancellationTokenSource(o.Warmup))
                await Task.WhenAll(Enumerable.Range(0, o.Clients).Select(c => SearchLoop(http, queries, c, o, warm.Token, null, int.MaxValue)));

            // Phase 1: searches alone; phase 2: the same load while bulk indexing runs.
            var alone = await SearchPhase(http, queries, o, bulk: null);
            log($"searches alone: {alone.Latencies.Length} in {alone.Seconds:F1} s, {alone.Errors.Count} errors");
            var writer = new WriterStats();
            var withBulk = await SearchPhase(http, queries, o, bulk: token => BulkLoop(http, corpus, seedCount, o.BulkBatch, token, writer));
            log($"with bulk indexing: {withBulk.Latencies.Length} in {withBulk.Seconds:F1} s, {withBulk.Errors.Count} errors; {writer.Documents} documents indexed");
            // Every acknowledged document must be searchable after a refresh.
            using (var refresh = new HttpRequestMessage(HttpMethod.Post, "v1/refresh"))
            {
                refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
                (await http.SendAsync(refresh)).EnsureSuccessStatusCode();
            }
            var stats = JsonDocument.Parse(await http.GetStringAsync("v1/stats")).RootElement.GetProperty("index").Clone();
            await app.StopAsync();
            return Report(o, seedCount, corpus.Count, alone, withBulk, writer, stats);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record PhaseResult(double[] Latencies, double Seconds, ErrorCounts Errors, int Snapshots);

    private static async Task<PhaseResult> SearchPhase(HttpClient http, List<BeirQuery> queries, ServeBenchmarkOptions o, Func<CancellationToken, Task>? bulk)
    {
        var latencies = new List<double>[o.Clients];
        for (int c = 0; c < o.Clients; c++) latencies[c] = new List<double>(4096);
        var errors = new ErrorCounts();
        var generations = new HashSet<long>();
        using var stop = new CancellationTokenSource(o.Duration);
        var run = Stopwatch.StartNew();
        var writer = bulk?.Invoke(stop.Token) ?? Task.CompletedTask;
        var clients = Enumerable.Range(0, o.Clients).Select(c => SearchLoop(http, queries, c, o, stop.Token,
            new ClientSink(latencies[c], errors, generations), Math.Max(1, o.MaxRequests / o.Clients))).ToArray();
        await Task.WhenAll(clients);
        double seconds = run.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await writer;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new PhaseResult(all, seconds, errors, generations.Count);
    }

    private sealed record ClientSink(List<double> Latencies, ErrorCounts Errors, HashSet<long> Generations);

    private sealed class ErrorCounts
    {
        public int Count;
        public readonly Dictionary<string, int> ByKind = new();
        public void Add(string kind)
        {
            lock (ByKind)
            {
                Count++;
                ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
            }
        }
    }

    private sealed class WriterStats
    {
        public int Documents, Requests, Errors;
        public double Seconds;
        public readonly List<double> Latencies = new();
        public string? FirstError;
    }

    private static async Task SearchLoop(HttpClient http, List<BeirQuery> queries, int client, ServeBenchmarkOptions o,
        CancellationToken stop, ClientSink? sink, int maxRequests)
    {
        int next = client * 7919 % queries.Count;
        for (int n = 0; n < maxRequests && !stop.IsCancellationRequested; n++)
        {
            var q = queries[next];
            next = (next + 1) % queries.Count;
            var url = $"v1/search?q={Uri.EscapeDataString(q.Text)}&k={o.K}&mode={o.Mode}&fields=";
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var r = await http.GetAsync(url, CancellationToken.None);
                var body = await r.Content.ReadAsByteArrayAsync(CancellationToken.None);
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (sink is null) continue;
                if (!r.IsSuccessStatusCode) { sink.Errors.Add($"HTTP {(int)r.StatusCode}"); continue; }
                sink.Latencies.Add(ms);
                using var doc = JsonDocument.Parse(body);
                long gen = doc.RootElement.GetProperty("generation").GetInt64();
                lock (sink.Generations) sink.Generations.Add(gen);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                sink?.Errors.Add(e.GetType().Name);
            }
        }
    }

    private static async Task BulkLoop(HttpClient http, List<BeirDocument> corpus, int from, int batch, CancellationToken stop, WriterStats stats)
    {
        var sw = Stopwatch.StartNew();
        for (int i = from; i < corpus.Count && !stop.IsCancellationRequested; i += batch)
        {
            var docs = corpus.GetRange(i, Math.Min(batch, corpus.Count - i)).Select(d => new { id = d.Id, title = d.Title, text = d.Text });
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/documents")
            {
                Content = new StringContent(JsonSerializer.Serialize(docs), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            long t0 = Stopwatch.GetTimestamp();
            try
            {
                using var r = await http.SendAsync(request, CancellationToken.None);
                stats.Requests++;
                if (r.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsByteArrayAsync(CancellationToken.None));
                    stats.Documents += doc.RootElement.GetProperty("upserted").GetInt32();
                    stats.Latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                }
                else
                {
                    stats.Errors++;
                    stats.FirstError ??= $"HTTP {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync(CancellationToken.None)}";
                }
            }
            catch (HttpRequestException e)
            {
                stats.Errors++;
                stats.FirstError ??= e.Message;
            }
        }
        stats.Seconds = sw.Elapsed.TotalSeconds;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Report(ServeBenchmarkOptions o, int seed, int corpus, PhaseResult alone, PhaseResult withBulk, WriterStats w, JsonElement stats)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# REST server load benchmark (`sparsesearch bench serve`)");
        sb.AppendLine();
        sb.AppendLine(inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. {MachineDescription()}");
        sb.AppendLine();
        sb.AppendLine(inv, $"Setup: the real server (Kestrel, 127.0.0.1) over SciFact, seeded with {seed} of {corpus} documents from the pre-encoded splade-tiny + MiniLM vectors. "
            + $"{o.Clients} concurrent clients send `GET /v1/search` (SciFact queries round robin, mode `{o.Mode}`, k {o.K}, no stored fields) after a {o.Warmup.TotalSeconds:F0} s warm-up: "
            + $"{o.Duration.TotalSeconds:F0} s alone, then {o.Duration.TotalSeconds:F0} s while one client bulk-indexes the remaining documents with `POST /v1/documents` "
            + $"({o.BulkBatch} per request, encoded server-side by splade-tiny and all-MiniLM-L6-v2) and the server refreshes (commits) every {o.RefreshMs} ms.");
        sb.AppendLine();
        sb.AppendLine("| phase | searches | QPS | p50 ms | p95 ms | p99 ms | max ms | errors | snapshots seen |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, p) in new[] { ("searches alone", alone), ("searches + bulk indexing", withBulk) })
        {
            var lat = p.Latencies;
            sb.AppendLine(inv, $"| {name} | {lat.Length} | {lat.Length / p.Seconds:F1} | {Percentile(lat, 0.50):F1} | {Percentile(lat, 0.95):F1} | {Percentile(lat, 0.99):F1} | {(lat.Length > 0 ? lat[^1] : double.NaN):F1} | {p.Errors.Count} | {p.Snapshots} |");
        }
        sb.AppendLine();
        var wl = w.Latencies.ToArray();
        Array.Sort(wl);
        sb.AppendLine("| bulk requests | documents indexed | docs/s | request p50 ms | request p99 ms | errors |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|");
        sb.AppendLine(inv, $"| {w.Requests} | {w.Documents} | {(w.Seconds > 0 ? w.Documents / w.Seconds : 0):F1} | {Percentile(wl, 0.5):F0} | {Percentile(wl, 0.99):F0} | {w.Errors} |");
        sb.AppendLine();
        long docs = stats.GetProperty("documents").GetInt64();
        sb.AppendLine(inv, $"After a final refresh: {docs} documents searchable (seed {seed} + {w.Documents} indexed = {seed + w.Documents}: {(docs == seed + w.Documents ? "all acknowledged documents present" : "MISMATCH")}), "
            + $"{stats.GetProperty("segments").GetInt32()} segments, {stats.GetProperty("sizeBytes").GetInt64() / 1e6:F1} MB on disk, generation {stats.GetProperty("generation").GetInt64()}.");
        foreach (var (name, p) in new[] { ("alone", alone), ("with bulk indexing", withBulk) })
            if (p.Errors.Count > 0)
                sb.AppendLine(inv, $"\nSearch errors {name}: {string.Join(", ", p.Errors.ByKind.Select(kv => $"{kv.Key} × {kv.Value}"))}.");
        if (w.FirstError is not null)
            sb.AppendLine(inv, $"\nFirst bulk error: {w.FirstError}");
        return sb.ToString();
    }

    private static string MachineDescription()
    {
        string cpu = "unknown CPU";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal)) { cpu = line[(line.IndexOf(':') + 1)..].Trim(); break; }
        }
        catch (IOException) { }
        string load = "";
        try { load = $" Load average at the start (1/5/15 min): {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}."; }
        catch (IOException) { }
        return $"Machine: {Environment.ProcessorCount} logical cores ({cpu}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; client and server in one process, sharing the cores.{load}";
    }
}

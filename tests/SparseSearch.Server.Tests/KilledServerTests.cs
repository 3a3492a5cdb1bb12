using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using Xunit;

namespace SparseSearch.Server.Tests;

/// <summary>
/// `sparsesearch serve` as a child process, killed with SIGKILL after a commit and further uncommitted writes: the
/// index must open with every committed document, pass the integrity check, and take a new writer (the lock is free).
/// </summary>
public sealed class KilledServerTests
{
    [Fact]
    public async Task A_killed_server_loses_nothing_committed()
    {
        string cli = Path.Combine(TestPaths.RepoRoot, "src", "SparseSearch.Cli", "bin", TestPaths.Configuration, "net10.0", "sparsesearch.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing: build the solution first (dotnet build SparseSearch.sln -c {TestPaths.Configuration}).");
        using var dir = new TempDir("ss-kill");
        string index = SciFactSlice.CopyTo(dir.Path);
        string keyFile = Path.Combine(dir.Path, "key");
        await File.WriteAllTextAsync(keyFile, "kill-test-key\n");
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "serve", "--index", index, "--urls", $"http://127.0.0.1:{port}", "--api-key-file", keyFile, "--refresh-ms", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "kill-test-key");
            await WaitReady(http, process, log);

            string committed = SciFactSlice.ToJsonArray(Enumerable.Range(0, 8).Select(i => new { id = $"kept-{i}", text = $"Committed note number {i} about enzyme kinetics." }));
            await ProblemAssert.IsOk(await http.PostAsync("v1/documents", ServerFactory.Json(committed)));
            await ProblemAssert.IsOk(await http.DeleteAsync($"v1/documents/{SciFactSlice.Documents[1].Id}"));
            long generation = (await ProblemAssert.IsOk(await http.PostAsync("v1/commit", null))).GetProperty("generation").GetInt64();
            string pending = SciFactSlice.ToJsonArray(Enumerable.Range(0, 4).Select(i => new { id = $"pending-{i}", text = "Never committed." }));
            await ProblemAssert.IsOk(await http.PostAsync("v1/documents", ServerFactory.Json(pending)));

            process.Kill(); // SIGKILL: no shutdown hook runs
            await process.WaitForExitAsync();

            var report = IndexChecker.Check(index);
            Assert.True(report.Ok, string.Join("\n", report.Problems));
            using (var snapshot = IndexReader.Open(index))
            {
                Assert.Equal(generation, snapshot.Generation);
                Assert.Equal(SciFactSlice.Count + 8 - 1, snapshot.LiveDocCount);
                for (int i = 0; i < 8; i++) Assert.True(snapshot.TryFind($"kept-{i}", out _, out _));
                Assert.False(snapshot.TryFind(SciFactSlice.Documents[1].Id, out _, out _));
                Assert.False(snapshot.TryFind("pending-0", out _, out _));
            }
            using (var writer = IndexWriter.Open(index)) // the dead server's lock does not block a new writer
                Assert.Equal(generation, writer.CommittedGeneration);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static async Task WaitReady(HttpClient http, Process process, IEnumerable<string> log)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(process.HasExited, "the server exited: " + string.Join("\n", log));
            try
            {
                if ((await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        Assert.Fail("the server did not become ready in 60 s: " + string.Join("\n", log));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

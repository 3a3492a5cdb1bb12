using System.Diagnostics;
using System.Globalization;
using SparseSearch.Cli.Commands;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Search;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Index;

/// <summary>
/// A child process commits deterministic batches in a loop and is killed with SIGKILL at random points (during
/// flushes, live-docs writes, commits and background merges). Every reopen must succeed, pass the integrity check and
/// equal the last completed commit: the child prints N after commit N returns, so the index holds N, or N+1 when the
/// kill landed after the rename but before the print.
/// </summary>
public class CrashTests(ITestOutputHelper output)
{
    /// <summary>50 in CI; a longer soak sets SPARSESEARCH_CRASH_TRIALS (e.g. 500) and runs this test alone.</summary>
    private static readonly int Trials =
        int.TryParse(Environment.GetEnvironmentVariable("SPARSESEARCH_CRASH_TRIALS"), out int n) && n >= 50 ? n : 50;

    [Fact]
    public void KilledWriterAlwaysLeavesLastCompletedCommit()
    {
        using var dir = TestPaths.NewTempDir("ss-crash");
        string cli = Path.Combine(AppContext.BaseDirectory, "sparsesearch.dll");
        Assert.True(File.Exists(cli), cli + " missing");
        var rng = new Random(12345);
        long known = 0;
        int trialsWithCommits = 0, killsInsideRange = 0;
        for (int trial = 0; trial < Trials; trial++)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath!, [cli, "debug-crash-writer", "--index", dir.Path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["DOTNET_TieredPGO"] = "0";
            using var child = Process.Start(psi)!;
            var stdout = new List<string>();
            var stderr = new List<string>();
            child.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Add(e.Data); };
            child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Add(e.Data); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            // Wait for the first commit (startup), then kill at a random point of the following commits.
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 10_000 && !child.HasExited)
            {
                lock (stdout) if (stdout.Count > 0) break;
                Thread.Sleep(2);
            }
            Thread.Sleep(rng.Next(0, 120));
            bool exitedEarly = child.HasExited;
            child.Kill(); // SIGKILL on Unix
            child.WaitForExit();
            Assert.False(exitedEarly, "child exited on its own: " + string.Join("\n", stderr));
            Assert.True(stderr.Count == 0, "child wrote to stderr: " + string.Join("\n", stderr));
            long printed = known;
            lock (stdout)
                foreach (var line in stdout)
                    if (line.StartsWith("committed ", StringComparison.Ordinal))
                        printed = Math.Max(printed, long.Parse(line.AsSpan(10), CultureInfo.InvariantCulture));
            if (printed > known) trialsWithCommits++;

            using (var snapshot = IndexReader.Open(dir.Path))
            {
                long n = long.Parse(snapshot.UserData["n"], CultureInfo.InvariantCulture);
                Assert.True(n == printed || n == printed + 1, $"trial {trial}: index holds commit {n}, last completed {printed}");
                if (n == printed + 1) killsInsideRange++;
                var expected = CrashWorkload.ExpectedIds(n);
                Assert.Equal(expected.Count, snapshot.LiveDocCount);
                foreach (var id in expected)
                    Assert.True(snapshot.TryFind(id, out _, out _), $"trial {trial}: {id} missing from commit {n}");
                var q = CrashWorkload.Vector(n, 2, 0);
                var exact = new ImpactSearcher(snapshot).Search(q, 10, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits;
                Assert.Equal(exact, new ImpactSearcher(snapshot).Search(q, 10).Hits);
                Assert.NotEmpty(exact);
                if (n >= 2)
                {
                    Assert.True(snapshot.TryFind($"c{n - 1}-1", out int seg, out int doc));
                    Assert.Equal("updated", snapshot.GetStored(seg, doc).Text);
                }
                known = n;
            }
            var report = IndexChecker.Check(dir.Path);
            Assert.True(report.Ok, $"trial {trial}: " + string.Join("\n", report.Problems));
        }
        output.WriteLine($"{Trials} kills, {trialsWithCommits} trials committed, {killsInsideRange} kills between rename and print, final commit {known}");
        Assert.True(trialsWithCommits >= Trials / 2);
        // The next writer opens fine (the killed holder's lock is gone) and cleans leftovers.
        using var writer = IndexWriter.Open(dir.Path);
        Assert.Equal(known.ToString(CultureInfo.InvariantCulture), writer.CommittedUserData["n"]);
    }
}

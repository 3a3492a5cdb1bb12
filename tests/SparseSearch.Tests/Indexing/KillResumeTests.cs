using System.Diagnostics;
using SparseSearch.Index;
using SparseSearch.Indexing;
using Xunit;

namespace SparseSearch.Tests.Indexing;

/// <summary>A child `sparsesearch index` process is SIGKILLed mid-run; the index reopens at its last commit and the same
/// command, rerun, finishes it into the same index as an uninterrupted import.</summary>
[Collection(IndexingCollection.Name)]
public class KillResumeTests(IndexingFixture fx)
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void SignalStopsCommitsAndExitsWith130(string signal)
    {
        using var dir = TestPaths.NewTempDir("ss-sigint");
        string index = Path.Combine(dir.Path, "ix");
        // SciFact's vectors twelve times over (concatenated gzip members; repeated ids are updates): an import long
        // enough that the signal lands mid-run even on a loaded machine. Six copies left about 3 s between the first
        // commit and the end, and a fully loaded CI run once saw the import finish first (exit 0).
        string input = Path.Combine(dir.Path, "scifact-x12.jsonl.gz");
        var original = File.ReadAllBytes(IndexingFixture.PreEncodedSparse);
        using (var output = File.Create(input))
            for (int i = 0; i < 12; i++) output.Write(original);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SparseSearch.Cli.Program).Assembly.Location);
        foreach (var a in new[] { "index", "--pre-encoded", input, "--index", index, "--sparse-model", IndexingFixture.SpladeFolder, "--commit-every", "1000000" })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        child.StandardError.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        // The index is created when the first chunk reaches the writer; stop the run after that.
        while (!File.Exists(Path.Combine(index, "commit_1")) && !child.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
            Thread.Sleep(2);
        Assert.False(child.HasExited, "the import finished before it could be stopped");
        // Signalled directly (no `kill` process to start, which a loaded machine can delay by seconds).
        Assert.Equal(0, Kill(child.Id, signal == "INT" ? SigInt : SigTerm));
        Assert.True(child.WaitForExit(60_000));
        Assert.Equal(130, child.ExitCode);
        Assert.Contains("interrupted", stdout.Result);
        var state = IndexingState.ReadFrom(IndexReader.ReadLatestCommit(index).UserData)!;
        Assert.False(state.Complete);
        Assert.True(state.LinesDone > 0, "what was encoded before the stop is committed");
        using var snapshot = IndexReader.Open(index);
        // Every copy after the first repeats the first copy's 5,183 ids (updates).
        Assert.Equal(Math.Min(state.LinesDone, 5183), snapshot.LiveDocCount);
    }

    private const int SigInt = 2, SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Theory]
    [InlineData(6)]
    public void KilledImportResumesToTheSameIndex(int killAtGeneration)
    {
        using var dir = TestPaths.NewTempDir("ss-kill");
        string index = Path.Combine(dir.Path, "ix");
        // --optimize never: the resumed index is compared with the fixture's, segment layout and all.
        string[] args = ["index", "--pre-encoded", IndexingFixture.PreEncodedSparse, "--index", index, "--sparse-model", IndexingFixture.SpladeFolder, "--commit-every", "256", "--optimize", "never"];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SparseSearch.Cli.Program).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using (var child = Process.Start(start)!)
        {
            child.StandardOutput.ReadToEndAsync();
            child.StandardError.ReadToEndAsync();
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(index, "commit_" + killAtGeneration)) && !child.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(2);
            Assert.False(child.HasExited, "the import finished before it could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL: no commit, no cleanup
            child.WaitForExit();
        }

        var (_, data, gen) = IndexReader.ReadLatestCommit(index);
        Assert.True(gen >= killAtGeneration);
        var state = IndexingState.ReadFrom(data)!;
        Assert.False(state.Complete);
        using (var snapshot = IndexReader.Open(index))
            Assert.Equal(state.LinesDone, snapshot.LiveDocCount); // one document per line, all committed lines present

        Assert.Equal(0, SparseSearch.Cli.Program.BuildRoot().Parse(args).Invoke());
        var (_, done, _) = IndexReader.ReadLatestCommit(index);
        var final = IndexingState.ReadFrom(done)!;
        Assert.True(final.Complete);
        Assert.Equal(5183, final.Totals.Indexed);
        Assert.Equal(0, final.Totals.Duplicates);

        var expected = IndexingFixture.ForwardById(fx.FullPreEncodedIndex);
        var actual = IndexingFixture.ForwardById(index);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (id, (terms, impacts)) in expected)
        {
            Assert.Equal(terms, actual[id].Terms);
            Assert.Equal(impacts, actual[id].Impacts);
        }
        Assert.Equal(fx.SearchAll(fx.FullPreEncodedIndex), fx.SearchAll(index));
    }
}

using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search;
using Xunit;

namespace SparseSearch.Tests.Indexing;

/// <summary>
/// <c>sparsesearch index --optimize auto|always|never</c>: the decision rule (<see cref="OptimizeAfterIndexing"/>) over
/// every mode and kind of run, and the real command on a small pre-encoded SciFact sample: a new build ends as one
/// reordered 4-document-block segment answering like the unoptimized build, <c>never</c> leaves the writer's segments.
/// </summary>
[Collection(IndexingCollection.Name)]
public class IndexOptimizeTests(IndexingFixture fx)
{
    private static IndexingReport Report(IndexingOutcome outcome, bool fromEmpty) => new()
    {
        Outcome = outcome,
        Run = default,
        AllRuns = default,
        FromEmpty = fromEmpty,
        Skipped = [],
        SkippedByReason = new Dictionary<SkipReason, long>(),
        Encode = new Dictionary<string, TimeSpan>(),
    };

    [Theory]
    // mode, outcome, built from empty, optimize
    [InlineData(OptimizeMode.Auto, IndexingOutcome.Completed, true, true)]       // fresh build, --restart, or its continuation
    [InlineData(OptimizeMode.Auto, IndexingOutcome.Completed, false, false)]     // appended to an index holding other documents
    [InlineData(OptimizeMode.Auto, IndexingOutcome.Interrupted, true, false)]
    [InlineData(OptimizeMode.Auto, IndexingOutcome.LimitReached, true, false)]
    [InlineData(OptimizeMode.Auto, IndexingOutcome.AlreadyComplete, true, false)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.Completed, true, true)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.Completed, false, true)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.Interrupted, true, false)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.Interrupted, false, false)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.LimitReached, false, false)]
    [InlineData(OptimizeMode.Always, IndexingOutcome.AlreadyComplete, false, true)]
    [InlineData(OptimizeMode.Never, IndexingOutcome.Completed, true, false)]
    [InlineData(OptimizeMode.Never, IndexingOutcome.Completed, false, false)]
    [InlineData(OptimizeMode.Never, IndexingOutcome.Interrupted, true, false)]
    public void DecisionRule(OptimizeMode mode, IndexingOutcome outcome, bool fromEmpty, bool optimize)
    {
        var d = OptimizeAfterIndexing.Decide(mode, Report(outcome, fromEmpty));
        Assert.Equal(optimize, d.Optimize);
        Assert.False(string.IsNullOrWhiteSpace(d.Reason));
    }

    [Fact]
    public void FromEmptyIsRecordedByTheFirstRunAndKeptByItsContinuation()
    {
        using var dir = TestPaths.NewTempDir("ss-from-empty");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 120, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        var request = new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, Limit = 50 };
        var first = fx.Run(request);
        Assert.Equal(IndexingOutcome.LimitReached, first.Outcome);
        Assert.True(first.FromEmpty);
        Assert.True(IndexingState.ReadFrom(IndexReader.ReadLatestCommit(index).UserData)!.FromEmpty);
        var rest = fx.Run(request with { Limit = 0 });
        Assert.Equal(IndexingOutcome.Completed, rest.Outcome);
        Assert.True(rest.ResumedAfterLine > 0);
        Assert.True(rest.FromEmpty);

        // An index that held documents before the first run on this input: not from empty, and it stays so.
        string other = Path.Combine(dir.Path, "other");
        string head = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 30, Path.Combine(dir.Path, "head.jsonl"));
        Assert.True(fx.Run(new IndexingRequest { PreEncoded = head, IndexDirectory = other, SparseModel = IndexingFixture.SpladeFolder }).FromEmpty);
        using (var w = IndexWriter.Open(other))
        {
            // Drop the input record (as an index written by the service or the library would lack it).
            var data = new Dictionary<string, string>(IndexReader.ReadLatestCommit(other).UserData);
            foreach (var key in data.Keys.Where(k => k.StartsWith("indexing.", StringComparison.Ordinal)).ToList()) data.Remove(key);
            w.Upsert(new IndexDocument("extra", new SparseSearch.Encoding.SparseVector([2000], [1f])));
            w.Commit(data);
        }
        var appended = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = other, SparseModel = IndexingFixture.SpladeFolder, Limit = 40 });
        Assert.False(appended.FromEmpty);
        var appendedRest = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = other, SparseModel = IndexingFixture.SpladeFolder });
        Assert.Equal(IndexingOutcome.Completed, appendedRest.Outcome);
        Assert.False(appendedRest.FromEmpty);
        Assert.False(OptimizeAfterIndexing.Decide(OptimizeMode.Auto, appendedRest).Optimize);
    }

    private static int Cli(params string[] args) => SparseSearch.Cli.Program.BuildRoot().Parse(args).Invoke();

    /// <summary>Every match of every query (exhaustive, k = all documents) as (id, score), ordered by score then id.</summary>
    private List<List<(string Id, float Score)>> AllHits(string index)
    {
        using var s = IndexReader.Open(index);
        var searcher = new ImpactSearcher(s);
        return fx.Queries.Select(q => searcher.Search(q, (int)s.DocCount, new SearchOptions { Mode = SearchMode.Exhaustive }).Hits
            .Select(h => (h.Id, h.Score)).OrderByDescending(h => h.Score).ThenBy(h => h.Id, StringComparer.Ordinal).ToList()).ToList();
    }

    [Fact]
    public void IndexCommandOptimizesANewBuildByDefaultAndNeverLeavesTheWritersSegments()
    {
        using var dir = TestPaths.NewTempDir("ss-index-optimize");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 400, Path.Combine(dir.Path, "p.jsonl"));
        string auto = Path.Combine(dir.Path, "auto"), never = Path.Combine(dir.Path, "never");
        string[] common = ["--pre-encoded", pre, "--sparse-model", IndexingFixture.SpladeFolder, "--commit-every", "80"];

        Assert.Equal(0, Cli(["index", "--index", never, "--optimize", "never", .. common]));
        using (var s = IndexReader.Open(never))
        {
            Assert.True(s.Segments.Count >= 2, $"{s.Segments.Count} segments");
            Assert.All(s.Segments, seg => Assert.False(seg.Core.Info.Reordered));
            Assert.All(s.Segments, seg => Assert.Equal(SparseSearch.Index.Codec.SegmentFiles.DefaultDocBlockShift, seg.Core.Postings.DocBlockShift));
        }

        var (exit, stdout, stderr) = CliProcess.Run(["index", "--index", auto, .. common]);
        Assert.True(exit == 0, stderr);
        Assert.Contains("completed", stdout);
        Assert.Matches(@"optimize +[0-9.]+ s +[0-9]+ -> 1 segments, reordered into blocks of 4 documents", stdout);
        using (var s = IndexReader.Open(auto))
        {
            var seg = Assert.Single(s.Segments);
            Assert.True(seg.Core.Info.Reordered);
            Assert.Equal(IndexWriterOptions.DefaultReorderedDocBlockShift, seg.Core.Postings.DocBlockShift);
            Assert.Equal(400, s.LiveDocCount);
        }
        var state = IndexingState.ReadFrom(IndexReader.ReadLatestCommit(auto).UserData)!;
        Assert.True(state.Complete); // the resume state survives the optimize
        Assert.Equal(AllHits(never), AllHits(auto));
        Assert.Equal(0, Cli("check", "--index", auto));

        // Nothing left to index: auto leaves the index alone; always optimizes, which finds nothing to do.
        long gen = IndexReader.ReadLatestCommit(auto).Generation;
        var (again, againOut, againErr) = CliProcess.Run(["index", "--index", auto, "--optimize", "always", .. common]);
        Assert.True(again == 0, againErr);
        Assert.Contains("already optimized", againOut);
        Assert.Equal(gen, IndexReader.ReadLatestCommit(auto).Generation);

        // always after the never build: now optimized.
        Assert.Equal(0, Cli(["index", "--index", never, "--optimize", "always", .. common]));
        using (var s = IndexReader.Open(never))
            Assert.True(Assert.Single(s.Segments).Core.Info.Reordered);

        Assert.NotEqual(0, Cli(["index", "--index", Path.Combine(dir.Path, "bad"), "--optimize", "sometimes", .. common]));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "bad")));
    }
}

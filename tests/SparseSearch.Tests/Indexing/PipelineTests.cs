using SparseSearch.Index;
using SparseSearch.Indexing;
using Xunit;

namespace SparseSearch.Tests.Indexing;

[Collection(IndexingCollection.Name)]
public class PipelineTests(IndexingFixture fx)
{
    [Fact]
    public void LiveEncodedImpactsEqualPreEncodedOnesWithinOneStep()
    {
        using var dir = TestPaths.NewTempDir("ss-live");
        const int n = 40;
        string corpus = IndexingFixture.Head(IndexingFixture.SciFactCorpus, n, Path.Combine(dir.Path, "c.jsonl"));
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, n, Path.Combine(dir.Path, "p.jsonl"));
        float scale = ImpactScales.ForMaxWeight(2.70234f); // SciFact's largest splade-tiny weight
        var live = fx.Run(new IndexingRequest { Corpus = corpus, IndexDirectory = Path.Combine(dir.Path, "live"), SparseModel = IndexingFixture.SpladeFolder, ImpactScale = scale });
        var imported = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = Path.Combine(dir.Path, "pre"), SparseModel = IndexingFixture.SpladeFolder, ImpactScale = scale });
        Assert.Equal(n, live.Run.Indexed);
        Assert.Equal(n, imported.Run.Indexed);
        Assert.True(live.Run.Truncated > 0, "some SciFact documents exceed 512 tokens and must be counted as truncated");

        var a = IndexingFixture.ForwardById(Path.Combine(dir.Path, "live"));
        var b = IndexingFixture.ForwardById(Path.Combine(dir.Path, "pre"));
        Assert.Equal(b.Keys.Order(), a.Keys.Order());
        long terms = 0, equal = 0;
        foreach (var (id, (ta, ia)) in a)
        {
            var (tb, ib) = b[id];
            var ma = ta.Zip(ia).ToDictionary(p => p.First, p => (int)p.Second);
            var mb = tb.Zip(ib).ToDictionary(p => p.First, p => (int)p.Second);
            foreach (var t in ma.Keys.Union(mb.Keys))
            {
                int x = ma.GetValueOrDefault(t), y = mb.GetValueOrDefault(t);
                // Golden tolerance 1e-4 on weights ≈ 0.01 impact steps: only a weight on a rounding boundary may move by one step.
                Assert.True(Math.Abs(x - y) <= 1, $"doc {id} term {t}: live impact {x}, pre-encoded {y}");
                terms++;
                if (x == y) equal++;
            }
        }
        Assert.True(equal >= terms * 0.995, $"{equal} of {terms} impacts equal");
    }

    [Fact]
    public void InterruptedRunResumesToTheSameIndexAsAnUninterruptedOne()
    {
        using var dir = TestPaths.NewTempDir("ss-resume");
        string corpus = IndexingFixture.Head(IndexingFixture.SciFactCorpus, 24, Path.Combine(dir.Path, "c.jsonl"));
        IndexingRequest Request(string index) => new()
        {
            Corpus = corpus, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, ChunkDocuments = 8, CommitEvery = 8,
        };
        string whole = Path.Combine(dir.Path, "whole"), parts = Path.Combine(dir.Path, "parts");
        Assert.Equal(IndexingOutcome.Completed, fx.Run(Request(whole)).Outcome);

        // Stop after the first chunk has been encoded, as Ctrl-C would.
        using var stop = new CancellationTokenSource();
        IndexingReport first;
        using (var job = IndexingJob.Open(Request(parts), fx.Environment))
        {
            var builders = job.Options.Builders.Select(b => (IDocumentFieldBuilder)new StopAfter(b, stop, 8)).ToList();
            first = new IndexingRun(job.Options with { Builders = builders }).Run(stop.Token);
        }
        Assert.Equal(IndexingOutcome.Interrupted, first.Outcome);
        Assert.Equal(8, first.Run.Indexed);
        Assert.Equal(8, first.LinesDone);
        Assert.Equal(8, IndexReader.Open(parts).LiveDocCount);

        var second = fx.Run(Request(parts));
        Assert.Equal(IndexingOutcome.Completed, second.Outcome);
        Assert.Equal(8, second.ResumedAfterLine);
        Assert.Equal(16, second.Run.Indexed);
        Assert.Equal(24, second.AllRuns.Indexed);
        Assert.Equal(0, second.Run.Duplicates);

        var expected = IndexingFixture.ForwardById(whole);
        var actual = IndexingFixture.ForwardById(parts);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (id, (terms, impacts)) in expected)
        {
            Assert.Equal(terms, actual[id].Terms);
            Assert.Equal(impacts, actual[id].Impacts);
        }
        Assert.Equal(fx.SearchAll(whole), fx.SearchAll(parts));

        // A third run has nothing left to do.
        Assert.Equal(IndexingOutcome.AlreadyComplete, fx.Run(Request(parts)).Outcome);
    }

    [Fact]
    public void ExportThenImportGivesIdenticalSearchResults()
    {
        using var dir = TestPaths.NewTempDir("ss-roundtrip");
        string original = fx.FullPreEncodedIndex;
        string sparse = Path.Combine(dir.Path, "export.jsonl.gz"), dense = Path.Combine(dir.Path, "export.dense.jsonl");
        var export = IndexExporter.Export(original, sparse, fx.Tokenizer, dense);
        Assert.Equal(5183, export.Documents);

        string again = Path.Combine(dir.Path, "again");
        var report = fx.Run(new IndexingRequest { PreEncoded = sparse, PreEncodedDense = dense, IndexDirectory = again, SparseModel = IndexingFixture.SpladeFolder });
        Assert.Equal(5183, report.Run.Indexed);
        Assert.Equal(export.ImpactScale, report.ImpactScale); // found on its own from the largest exported weight

        var before = fx.SearchAll(original);
        var after = fx.SearchAll(again);
        Assert.Equal(before.Count, after.Count);
        for (int q = 0; q < before.Count; q++)
            Assert.Equal(before[q], after[q]); // same ids, order and scores, exactly

        using var a = IndexReader.Open(original);
        using var b = IndexReader.Open(again);
        Assert.True(a.TryFind("4983", out int sa, out int da));
        Assert.True(b.TryFind("4983", out int sb, out int db));
        Assert.Equal(a.GetDenseVector(sa, da), b.GetDenseVector(sb, db));
        Assert.Equal(a.GetStored(sa, da).Text, b.GetStored(sb, db).Text);
    }

    private sealed class StopAfter(IDocumentFieldBuilder inner, CancellationTokenSource stop, int docs) : IDocumentFieldBuilder
    {
        private int _seen;

        public string Name => inner.Name;

        public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
        {
            inner.Build(documents, fields, cancellation);
            if ((_seen += documents.Count) >= docs) stop.Cancel();
        }
    }
}

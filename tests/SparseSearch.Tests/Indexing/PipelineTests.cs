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
        const int n = 24;
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
        string corpus = IndexingFixture.Head(IndexingFixture.SciFactCorpus, 12, Path.Combine(dir.Path, "c.jsonl"));
        IndexingRequest Request(string index) => new()
        {
            Corpus = corpus, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, ChunkDocuments = 4, CommitEvery = 4,
        };
        string whole = Path.Combine(dir.Path, "whole"), parts = Path.Combine(dir.Path, "parts");
        Assert.Equal(IndexingOutcome.Completed, fx.Run(Request(whole)).Outcome);

        // Stop after the first chunk has been encoded, as Ctrl-C would.
        using var stop = new CancellationTokenSource();
        IndexingReport first;
        using (var job = IndexingJob.Open(Request(parts), fx.Environment))
        {
            var builders = job.Options.Builders.Select(b => (IDocumentFieldBuilder)new StopAfter(b, stop, 4)).ToList();
            first = new IndexingRun(job.Options with { Builders = builders }).Run(stop.Token);
        }
        Assert.Equal(IndexingOutcome.Interrupted, first.Outcome);
        Assert.Equal(4, first.Run.Indexed);
        Assert.Equal(4, first.LinesDone);
        using (var partial = IndexReader.Open(parts)) Assert.Equal(4, partial.LiveDocCount);

        var second = fx.Run(Request(parts));
        Assert.Equal(IndexingOutcome.Completed, second.Outcome);
        Assert.Equal(4, second.ResumedAfterLine);
        Assert.Equal(8, second.Run.Indexed);
        Assert.Equal(12, second.AllRuns.Indexed);
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
        // Named after the vector file's model, so a query finds onnx-models/all-MiniLM-L6-v2 without --dense-model.
        Assert.Equal("all-MiniLM-L6-v2", a.Schema.DenseModel);
        Assert.True(a.TryFind("4983", out int sa, out int da));
        Assert.True(b.TryFind("4983", out int sb, out int db));
        Assert.Equal(a.GetDenseVector(sa, da), b.GetDenseVector(sb, db));
        Assert.Equal(a.GetStored(sa, da).Text, b.GetStored(sb, db).Text);
    }

    [Fact]
    public void DenseFieldMatchesPreEncodedMiniLmVectors()
    {
        // Sparse vectors imported, dense encoded live from the same text (the pre-encoded file's contents = title + text).
        using var dir = TestPaths.NewTempDir("ss-dense");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 6, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        var report = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, DenseModel = IndexingFixture.MiniLmFolder });
        Assert.Equal(6, report.Run.Indexed);
        Assert.Equal(["pre-encoded", "dense"], report.Encode.Keys);
        var golden = SparseSearch.Evaluation.PreEncoded.PreEncodedReader.ReadDense(IndexingFixture.PreEncodedDense).Take(6).ToList();
        using var snapshot = IndexReader.Open(index);
        Assert.Equal("all-MiniLM-L6-v2", snapshot.Schema.DenseModel);
        Assert.Equal(384, snapshot.Schema.DenseDimension);
        foreach (var g in golden)
        {
            Assert.True(snapshot.TryFind(g.Id, out int s, out int d));
            var v = snapshot.GetDenseVector(s, d)!;
            double dot = 0;
            for (int i = 0; i < v.Length; i++) dot += v[i] * g.Vector[i];
            Assert.True(dot >= 0.99999, $"doc {g.Id}: cosine {dot}");
        }
        var identity = ModelCompatibility.ReadDense(snapshot.UserData)!;
        Assert.Equal(64, identity.GraphSha256.Length);
    }

    [Fact]
    public void CliExportAndReimportKeepSearchResults()
    {
        using var dir = TestPaths.NewTempDir("ss-cli-export");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 50, Path.Combine(dir.Path, "p.jsonl"));
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b"), out1 = Path.Combine(dir.Path, "out.jsonl");
        int Cli(params string[] args) => SparseSearch.Cli.Program.BuildRoot().Parse(args).Invoke();
        // --optimize never on both: the default search answers compared must run on the same kind of layout.
        Assert.Equal(0, Cli("index", "--pre-encoded", pre, "--index", a, "--sparse-model", IndexingFixture.SpladeFolder, "--optimize", "never"));
        Assert.Equal(0, Cli("export", "--index", a, "--output", out1, "--sparse-model", IndexingFixture.SpladeFolder));
        Assert.Equal(50, File.ReadLines(out1).Count());
        float scale = IndexReader.ReadLatestCommit(a).Schema.ImpactScale!.Value;
        Assert.Equal(0, Cli("index", "--pre-encoded", out1, "--index", b, "--sparse-model", IndexingFixture.SpladeFolder, "--optimize", "never",
            "--impact-scale", scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(fx.SearchAll(a), fx.SearchAll(b));
        Assert.Equal(1, Cli("export", "--index", Path.Combine(dir.Path, "missing"), "--output", out1, "--sparse-model", IndexingFixture.SpladeFolder));
    }

    [Fact]
    public void AFailingEncoderLeavesTheLastCommitAndReportsTheCause()
    {
        using var dir = TestPaths.NewTempDir("ss-fail");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 300, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        var request = new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, ChunkDocuments = 10, CommitEvery = 10 };
        using (var job = IndexingJob.Open(request, fx.Environment))
        {
            var failing = job.Options with { Builders = [.. job.Options.Builders, new FailAfter(55)], QueueChunks = 1 };
            var e = Assert.Throws<InvalidOperationException>(() => new IndexingRun(failing).Run());
            Assert.Equal("model run failed", e.Message);
        }
        var state = IndexingState.ReadFrom(IndexReader.ReadLatestCommit(index).UserData)!;
        Assert.False(state.Complete);
        // The last commit stands: a chunk boundary before the failing chunk (how many of the five earlier chunks the
        // writer committed before the failure stopped it depends on timing).
        Assert.True(state.LinesDone % 10 == 0 && state.LinesDone <= 50, $"lines done {state.LinesDone}");
        using (var partial = IndexReader.Open(index)) Assert.Equal(state.LinesDone, partial.LiveDocCount);
        var resumed = fx.Run(request);
        Assert.Equal(IndexingOutcome.Completed, resumed.Outcome);
        Assert.Equal(300 - state.LinesDone, resumed.Run.Indexed);
        using var snapshot = IndexReader.Open(index);
        Assert.Equal(300, snapshot.LiveDocCount);
    }

    private sealed class FailAfter(int docs) : IDocumentFieldBuilder
    {
        private int _seen;

        public string Name => "failing";

        public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
        {
            if ((_seen += documents.Count) > docs) throw new InvalidOperationException("model run failed");
        }
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

    [Theory]
    [InlineData("all-MiniLM-L6-v2.corpus.jsonl.gz", "all-MiniLM-L6-v2")]
    [InlineData("/data/e5-small.jsonl", "e5-small")]
    [InlineData("vectors.json", "vectors")]
    [InlineData(".jsonl", ".jsonl")]
    public void PreEncodedFilesNameTheirModel(string path, string model) =>
        Assert.Equal(model, IndexingJob.PreEncodedModelName(path));
}

using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search.Bm25;
using Xunit;

namespace SparseSearch.Tests.Indexing;

[Collection(IndexingCollection.Name)]
public class Bm25PipelineTests(IndexingFixture fx)
{
    [Fact]
    public void Bm25OnlyIndexOfSciFactReachesLucenesNdcg()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25-pipeline");
        string index = Path.Combine(dir.Path, "ix");
        var report = fx.Run(new IndexingRequest { Corpus = IndexingFixture.SciFactCorpus, IndexDirectory = index, SparseModel = IndexingRequest.NoModel, Bm25 = true });
        Assert.Equal(IndexingOutcome.Completed, report.Outcome);
        Assert.Equal(5183, report.Run.Indexed);
        Assert.Equal(["bm25"], report.Encode.Keys);

        using var snapshot = IndexReader.Open(index);
        Assert.Equal(0, snapshot.Schema.VocabSize);
        Assert.NotNull(snapshot.Schema.Bm25);
        var searcher = new Bm25Searcher(snapshot);
        var data = Path.Combine(TestPaths.Shared, "data", "scifact");
        var qrels = QrelsReader.Read(Path.Combine(data, "qrels", "test.tsv"));
        var queries = BeirQueriesReader.ReadAll(Path.Combine(data, "queries.jsonl")).ToDictionary(q => q.Id, q => q.Text);
        var run = new TrecRun("pipeline-bm25");
        foreach (var qid in qrels.QueryIds)
            run.AddResults(qid, searcher.Search(queries[qid], 100).Select(h => (h.Id, h.Score)).ToList());
        double ndcg = new TrecEvaluator(qrels, [Metric.Ndcg10]).Evaluate(run).Mean(Metric.Ndcg10);
        Assert.InRange(ndcg, 0.6789 - 0.003, 0.6789 + 0.003); // Lucene/Anserini BM25 on SciFact

        // A rerun asking for a sparse model too is refused: the index has no sparse field.
        var e = Assert.Throws<ModelMismatchException>(() => fx.Run(new IndexingRequest { Corpus = IndexingFixture.SciFactCorpus, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, Bm25 = true }));
        Assert.Contains("no learned sparse field", e.Message);
    }

    [Fact]
    public void SparseAndBm25FieldsTogetherFromPreEncodedInput()
    {
        using var dir = TestPaths.NewTempDir("ss-bm25-both");
        string pre = IndexingFixture.Head(IndexingFixture.PreEncodedSparse, 30, Path.Combine(dir.Path, "p.jsonl"));
        string index = Path.Combine(dir.Path, "ix");
        var report = fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder, Bm25 = true });
        Assert.Equal(30, report.Run.Indexed);
        using (var snapshot = IndexReader.Open(index))
        {
            var hits = new Bm25Searcher(snapshot).Search("white matter diffusion tensor", 3);
            Assert.Equal("4983", hits[0].Id); // the first SciFact document is about exactly this
            Assert.True(fx.SearchAll(index).All(h => h.Length > 0));
        }
        // Adding to it without --bm25 is refused.
        var e = Assert.Throws<IndexingException>(() => fx.Run(new IndexingRequest { PreEncoded = pre, IndexDirectory = index, SparseModel = IndexingFixture.SpladeFolder }));
        Assert.Contains("--bm25", e.Message);
    }
}

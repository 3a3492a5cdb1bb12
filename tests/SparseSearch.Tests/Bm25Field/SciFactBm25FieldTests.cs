using System.Diagnostics;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using SparseSearch.Index;
using SparseSearch.Index.Check;
using SparseSearch.Search;
using SparseSearch.Search.Bm25;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Bm25Field;

/// <summary>
/// SciFact through the index's BM25 field against Lucene's own BM25 run (reference/runs/scifact/bm25-lucene.trec,
/// Anserini, k1 0.9, b 0.4, top 100, scores rounded to 4 decimals) and the reference nDCG@10 0.6789 — first over four
/// flushed segments, then after a force-merge to one, which must give bit-identical hits.
/// </summary>
public class SciFactBm25FieldTests(ITestOutputHelper output)
{
    private const int Depth = 100;
    private const double ScoreTolerance = 1e-4;

    [Fact]
    public void MatchesLuceneRunAndNdcgBeforeAndAfterForceMerge()
    {
        var data = new BeirIndexData("scifact");
        using var dir = TestPaths.NewTempDir("ss-bm25-scifact");
        var clock = Stopwatch.StartNew();
        data.BuildIndex(dir.Path, maxBufferedDocs: 1500);
        output.WriteLine($"indexed {data.Docs.Count} docs in {clock.ElapsedMilliseconds} ms");
        var qrels = QrelsReader.Read(data.QrelsPath);
        var lucene = TrecRunReader.Read(Path.Combine(TestPaths.Shared, "reference", "runs", "scifact", "bm25-lucene.trec"));

        List<SearchHit[]> before;
        using (var snapshot = IndexReader.Open(dir.Path))
        {
            Assert.Equal(4, snapshot.Segments.Count);
            before = CheckAgainstLucene(snapshot, data, qrels, lucene, "4 segments");
        }
        using (var writer = IndexWriter.Open(dir.Path, new IndexWriterOptions { MergePolicy = null }))
        {
            writer.ForceMerge(1);
            writer.Commit();
        }
        var report = IndexChecker.Check(dir.Path);
        Assert.True(report.Ok, string.Join('\n', report.Problems));
        using (var snapshot = IndexReader.Open(dir.Path))
        {
            Assert.Single(snapshot.Segments);
            var after = CheckAgainstLucene(snapshot, data, qrels, lucene, "force-merged");
            Assert.Equal(before.Count, after.Count);
            for (int q = 0; q < before.Count; q++)
            {
                Assert.Equal(before[q].Select(h => h.Id), after[q].Select(h => h.Id));
                Assert.Equal(before[q].Select(h => h.Score), after[q].Select(h => h.Score));
            }
        }
    }

    private List<SearchHit[]> CheckAgainstLucene(IndexSnapshot snapshot, BeirIndexData data, Qrels qrels, TrecRun lucene, string label)
    {
        var searcher = new Bm25Searcher(snapshot);
        Assert.Equal(5183, searcher.Statistics!.Value.DocCount);
        var run = new TrecRun("bm25-field");
        var results = new List<SearchHit[]>();
        var problems = new List<string>();
        int compared = 0;
        double maxDelta = 0;
        var clock = Stopwatch.StartNew();
        foreach (var qid in qrels.QueryIds)
        {
            var query = searcher.Prepare(data.Queries[qid]);
            var top = searcher.Search(query, Depth).ToArray();
            results.Add(top);
            // MaxScore pruning is rank-safe: bit-equal to the exhaustive scorer at both depths.
            Assert.Equal(searcher.SearchExhaustive(query, Depth), top);
            Assert.Equal(searcher.SearchExhaustive(query, 10), searcher.Search(query, 10));
            run.AddResults(qid, top.Select(h => (h.Id, h.Score)).ToList());
            var expected = lucene.For(qid);
            foreach (var e in expected)
            {
                compared++;
                // Lucene's hits outside our top 100 are scored exactly through the per-document scorer.
                Assert.True(snapshot.TryFind(e.DocId, out int seg, out int doc), $"doc {e.DocId} not in the index");
                float mine = searcher.Score(query, seg, doc);
                double delta = Math.Abs(mine - e.Score);
                maxDelta = Math.Max(maxDelta, delta);
                if (delta > ScoreTolerance)
                    problems.Add($"query {qid}: doc {e.DocId} scored {mine:F6}, Lucene {e.Score:F4}");
            }
            foreach (var hit in top)
                Assert.Equal(hit.Score, searcher.Score(query, hit.Segment, hit.Doc));
            if (expected.Count > 0)
            {
                double cut = expected[^1].Score;
                var expectedSet = expected.Where(e => e.Score > cut + ScoreTolerance).Select(e => e.DocId).ToHashSet();
                var ourSet = top.Where(h => h.Score > cut + ScoreTolerance).Select(h => h.Id).ToHashSet();
                if (!expectedSet.SetEquals(ourSet) || top.Length != expected.Count)
                    problems.Add($"query {qid}: top-{Depth} differs beyond ties at the cut");
            }
        }
        long searchMs = clock.ElapsedMilliseconds;
        double ndcg = new TrecEvaluator(qrels, [Metric.Ndcg10]).Evaluate(run).Mean(Metric.Ndcg10);
        output.WriteLine($"{label}: {qrels.QueryCount} queries (+{compared} exact per-doc scores) in {searchMs} ms; "
            + $"max |delta| vs Lucene {maxDelta:E2}; nDCG@10 {ndcg:F4} (Lucene 0.6789)");
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(20)));
        Assert.True(compared > 29_000, $"only {compared} Lucene scores compared");
        Assert.InRange(ndcg, 0.6789 - 0.003, 0.6789 + 0.003);
        return results;
    }
}

/// <summary>The Lucene BM25 nDCG@10 of REFERENCE_MODELS.md for Cranfield and CACM, through the index (several segments).</summary>
public class BeirBm25FieldNdcgTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("cranfield", 0.3506)]
    [InlineData("cacm", 0.4754)]
    public void IndexedBm25ReachesLucenesNdcg(string name, double reference)
    {
        var data = new BeirIndexData(name);
        using var dir = TestPaths.NewTempDir("ss-bm25-" + name);
        data.BuildIndex(dir.Path, maxBufferedDocs: 1000);
        var qrels = QrelsReader.Read(data.QrelsPath);
        using var snapshot = IndexReader.Open(dir.Path);
        var searcher = new Bm25Searcher(snapshot);
        var run = new TrecRun(name);
        foreach (var qid in qrels.QueryIds)
            run.AddResults(qid, searcher.Search(data.Queries[qid], 100).Select(h => (h.Id, h.Score)).ToList());
        double ndcg = new TrecEvaluator(qrels, [Metric.Ndcg10]).Evaluate(run).Mean(Metric.Ndcg10);
        output.WriteLine($"{name}: {data.Docs.Count} docs in {snapshot.Segments.Count} segments, {qrels.QueryCount} queries, nDCG@10 {ndcg:F4} (Lucene {reference})");
        Assert.InRange(ndcg, reference - 0.003, reference + 0.003);
    }
}

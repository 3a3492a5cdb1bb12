using System.Diagnostics;
using SparseSearch.Encoding.Bm25;
using SparseSearch.Text.Analysis;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Tests.Bm25;

/// <summary>
/// Score-level parity with Lucene's own BM25 run on SciFact (reference/runs/scifact/bm25-lucene.trec: Anserini 0.23,
/// BeirFlat, k1 0.9, b 0.4, top 100 per test query, scores rounded to 4 decimals by Anserini), and the nDCG@10 figures
/// of reference/REFERENCE_MODELS.md.
/// </summary>
public class SciFactBm25ParityTests(SciFactData data, ITestOutputHelper output) : IClassFixture<SciFactData>
{
    private const int Depth = 100;
    private const double ScoreTolerance = 1e-4; // the run's scores are rounded to 4 decimals

    [Fact]
    public void ScoresAndTopHundredMatchLuceneAndNdcgMatchesReference()
    {
        var clock = Stopwatch.StartNew();
        var index = data.BuildIndex(new EnglishAnalyzer());
        var indexTime = clock.Elapsed;
        Assert.Equal(5183, index.DocumentCount);
        var reference = SciFactData.ReadTrecRun(Path.Combine(TestPaths.Shared, "reference", "runs", "scifact", "bm25-lucene.trec"));

        clock.Restart();
        var run = new Dictionary<string, List<(string Doc, double Score)>>();
        int scoresCompared = 0, setMismatches = 0;
        double maxDelta = 0;
        var problems = new List<string>();
        foreach (var qid in data.Qrels.Keys)
        {
            // Every matching document, so any of Lucene's top 100 can be looked up even if we ranked it lower.
            var all = index.Search(data.Queries[qid], index.DocumentCount);
            var ours = new Dictionary<string, float>(all.Count);
            foreach (var hit in all)
                ours[hit.Id] = hit.Score;
            var top = all.Take(Depth).ToList();
            run[qid] = top.Select(h => (h.Id, (double)h.Score)).ToList();

            var expected = reference.GetValueOrDefault(qid) ?? [];
            foreach (var (doc, score) in expected)
            {
                scoresCompared++;
                if (!ours.TryGetValue(doc, out float mine))
                {
                    problems.Add($"query {qid}: Lucene's doc {doc} ({score}) not matched at all");
                    continue;
                }
                double delta = Math.Abs(mine - score);
                maxDelta = Math.Max(maxDelta, delta);
                if (delta > ScoreTolerance)
                    problems.Add($"query {qid}: doc {doc} scored {mine:F6}, Lucene {score:F4}");
            }

            // Same top-100 set, except for documents tied (at the run's precision) with the score at the cut.
            if (expected.Count > 0)
            {
                double cut = expected[^1].Score;
                var expectedSet = expected.Where(e => e.Score > cut + ScoreTolerance).Select(e => e.Doc).ToHashSet();
                var ourSet = top.Where(h => h.Score > cut + ScoreTolerance).Select(h => h.Id).ToHashSet();
                if (!expectedSet.SetEquals(ourSet) || top.Count != expected.Count)
                {
                    setMismatches++;
                    problems.Add($"query {qid}: top-{Depth} differs beyond ties at the cut (only Lucene: "
                        + $"{string.Join(',', expectedSet.Except(ourSet))}; only ours: {string.Join(',', ourSet.Except(expectedSet))}; "
                        + $"counts {expected.Count} vs {top.Count})");
                }
            }
            else if (top.Count > 0)
            {
                problems.Add($"query {qid}: Lucene returned nothing, we returned {top.Count} hits");
            }
        }
        var searchTime = clock.Elapsed;
        double ndcg = MiniNdcg.MeanNdcgAt10(run, data.Qrels);

        output.WriteLine($"indexed {index.DocumentCount} docs, {index.TermCount} terms in {indexTime.TotalMilliseconds:F0} ms; "
            + $"{data.Qrels.Count} queries in {searchTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"{scoresCompared} Lucene scores compared, max |delta| {maxDelta:E2}, "
            + $"{problems.Count} problems, {setMismatches} top-{Depth} set mismatches");
        output.WriteLine($"nDCG@10 = {ndcg:F4} (Lucene/Anserini reference 0.6789)");
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(20)));
        Assert.True(scoresCompared > 29_000, $"only {scoresCompared} reference scores read");
        Assert.InRange(ndcg, 0.6789 - 0.003, 0.6789 + 0.003);
    }

    [Fact]
    public void PlainWordBm25ReachesTheReferenceNdcg()
    {
        var index = data.BuildIndex(new SimpleWordAnalyzer());
        double ndcg = MiniNdcg.MeanNdcgAt10(data.Run(index, Depth), data.Qrels);
        output.WriteLine($"plain \\w+ BM25 nDCG@10 = {ndcg:F4} (reference 0.6618)");
        Assert.InRange(ndcg, 0.6618 - 0.003, 0.6618 + 0.003);
    }
}

/// <summary>The Lucene BM25 rows of reference/REFERENCE_MODELS.md for the two smaller sets (nDCG@10 within 0.003).</summary>
public class BeirBm25NdcgTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("cranfield", 0.3506)]
    [InlineData("cacm", 0.4754)]
    public void EnglishAnalyzerBm25ReachesLucenesNdcg(string name, double reference)
    {
        var data = new BeirData(name);
        var index = data.BuildIndex(new EnglishAnalyzer());
        double ndcg = MiniNdcg.MeanNdcgAt10(data.Run(index, 100), data.Qrels);
        output.WriteLine($"{name}: {index.DocumentCount} docs, {data.Qrels.Count} queries, nDCG@10 = {ndcg:F4} (Lucene {reference})");
        Assert.InRange(ndcg, reference - 0.003, reference + 0.003);
    }
}

using SparseSearch.Encoding.Bm25;
using SparseSearch.Text.Analysis;
using Xunit;

namespace SparseSearch.Tests.Bm25;

public class Bm25ScoringTests
{
    [Fact]
    public void LengthNormIsExactBelow24AndKeepsFourSignificantBitsAbove()
    {
        for (int i = 0; i < 24; i++)
            Assert.Equal(i, LuceneLengthNorm.Decode(LuceneLengthNorm.Encode(i)));
        Assert.Equal(32, LuceneLengthNorm.Decode(32));   // 24 + 8
        Assert.Equal(40, LuceneLengthNorm.Decode(40));   // 24 + (8 << 1)
        Assert.Equal(40, LuceneLengthNorm.Decode(LuceneLengthNorm.Encode(41)));
        Assert.Equal(24 + (15L << 27), LuceneLengthNorm.Decode(255));
        Assert.Equal(255, LuceneLengthNorm.Encode(int.MaxValue));
        int previous = -1;
        for (int length = 0; length < 200_000; length += 1 + length / 50)
        {
            byte norm = LuceneLengthNorm.Encode(length);
            int decoded = LuceneLengthNorm.Decode(norm);
            Assert.True(decoded <= length && norm >= previous, $"length {length}: norm {norm}, decoded {decoded}");
            Assert.True(length - decoded <= Math.Max(0, length - 24) / 8 + 1, $"length {length} decoded to {decoded}");
            previous = norm;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => LuceneLengthNorm.Encode(-1));
    }

    [Fact]
    public void TermScoreEqualsTheTextbookFormulaWithDecodedLengths()
    {
        var parameters = Bm25Parameters.Anserini;
        var stats = new Bm25CollectionStatistics(1000, 123_456);
        var scorer = new Bm25TermScorer(parameters, stats, docFreq: 17, boost: 2f);
        double idf = Math.Log(1 + (1000 - 17 + 0.5) / (17 + 0.5));
        Assert.Equal((float)idf, scorer.Idf);
        double avgdl = 123_456 / 1000.0;
        foreach (int length in new[] { 1, 7, 23, 24, 100, 1000, 50_000 })
        {
            byte norm = LuceneLengthNorm.Encode(length);
            double dl = LuceneLengthNorm.Decode(norm);
            foreach (int tf in new[] { 1, 2, 5, 40 })
            {
                double expected = 2 * idf * tf / (tf + 0.9 * (1 - 0.4 + 0.4 * dl / avgdl));
                Assert.Equal(expected, scorer.Score(tf, norm), 5e-6 * expected);
            }
        }
    }

    [Fact]
    public void RejectsInvalidParametersAndStatistics()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Parameters(-1f, 0.4f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Parameters(0.9f, 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Parameters(float.PositiveInfinity, 0.4f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25CollectionStatistics(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25CollectionStatistics(10, 5));
        var stats = new Bm25CollectionStatistics(10, 100);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25TermScorer(Bm25Parameters.Anserini, stats, 11));
    }

    [Fact]
    public void InMemoryIndexCountsStatisticsAndScoresLikeTheTermScorer()
    {
        var index = new InMemoryBm25Index(new EnglishAnalyzer(), Bm25Parameters.Anserini);
        index.Add("d0", "Cats chase mice. The cat sleeps.");
        index.Add("empty", "the and of"); // only stop words: no terms, not counted in the field statistics
        index.Add("d2", "Dogs chase cats and cars");
        index.Add("d3", "A bird sings");

        Assert.Equal(4, index.DocumentCount);
        var stats = index.Statistics;
        Assert.Equal(3, stats.DocCount);
        Assert.Equal(5 + 4 + 2, stats.SumTotalTermFreq); // cat chase mice cat sleep | dog chase cat car | bird sing
        Assert.Equal(2, index.DocFreq("cat"));
        Assert.Equal(0, index.DocFreq("cats"));

        var hits = index.Search("cat cat chasing", 10);
        Assert.Equal(["d0", "d2"], hits.Select(h => h.Id));
        float Term(string term, int tf, int doc, float boost) =>
            new Bm25TermScorer(Bm25Parameters.Anserini, stats, index.DocFreq(term), boost).Score(tf, index.Norm(doc));
        // A query term repeated n times is one clause boosted n (Lucene's rewrite of duplicate SHOULD clauses).
        Assert.Equal((float)((double)Term("cat", 2, 0, 2f) + Term("chase", 1, 0, 1f)), hits[0].Score);
        Assert.Equal((float)((double)Term("cat", 1, 2, 2f) + Term("chase", 1, 2, 1f)), hits[1].Score);

        Assert.Empty(index.Search("unknown words only", 10));
        Assert.Empty(index.Search("the of and", 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search("cat", 0));
    }

    [Fact]
    public void TiesGoToTheEarlierDocument()
    {
        var index = new InMemoryBm25Index(new EnglishAnalyzer(), Bm25Parameters.Anserini);
        index.Add("z", "alpha beta");
        index.Add("a", "alpha gamma");
        index.Add("m", "delta");
        var hits = index.Search("alpha", 10);
        Assert.Equal(["z", "a"], hits.Select(h => h.Id));
        Assert.Equal(hits[0].Score, hits[1].Score);
    }

    [Fact]
    public void TermFrequenciesFollowTheAnalyzer()
    {
        var tf = TermFrequencies.Count(new EnglishAnalyzer(), "Running runs; the runner RUNS.");
        Assert.Equal(["run", "runner"], tf.Terms);
        Assert.Equal([3, 1], tf.Counts);
        Assert.Equal(4, tf.Length);
        var plain = TermFrequencies.Count(new SimpleWordAnalyzer(), "Running runs; the runner RUNS.");
        Assert.Equal(["running", "runs", "the", "runner"], plain.Terms);
        Assert.Equal([1, 2, 1, 1], plain.Counts);
    }
}

using SparseSearch.Evaluation;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;
using Xunit;

namespace SparseSearch.Tests.Evaluation;

public sealed class TrecRunFileTests
{
    [Fact]
    public void ReaderToleratesAnyWhitespaceAndIgnoresRankColumn()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "run.trec");
        File.WriteAllText(path, "q1 Q0 d1 7 0.5 tag\n\n# comment\nq1\tQ0\td2\t1\t0.75\ttag\r\n  q2   Q0  d9  1  -1e-3   tag  \n");
        var run = TrecRunReader.Read(path);
        Assert.Equal("tag", run.Tag);
        Assert.Equal(new[] { "q1", "q2" }, run.QueryIds);
        Assert.Equal(2, run.For("q1").Count);
        Assert.Equal(-0.001, run.For("q2")[0].Score);
    }

    [Fact]
    public void ReaderReportsBadLinesAndDuplicates()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "run.trec");
        File.WriteAllText(path, "q1 Q0 d1 1 0.5 t\nq1 Q0 d2 2 abc t\nq1 Q0 d3 3 t\nq1 Q0 d1 4 0.1 t\nq1 Q0 d4 5 0.05 t\n");
        var ex = Assert.Throws<DataFormatException>(() => TrecRunReader.Read(path));
        Assert.Equal(2, ex.LineNumber);
        var errors = new List<DataFormatError>();
        var run = TrecRunReader.Read(path, errors.Add);
        Assert.Equal(new long[] { 2, 3, 4 }, errors.Select(e => e.LineNumber));
        Assert.Contains("duplicate", errors[2].Reason);
        Assert.Equal(2, run.For("q1").Count);
    }

    [Fact]
    public void WriterRanksInTrecOrderAndScoresRoundTripExactly()
    {
        using var dir = TestPaths.NewTempDir();
        var run = new TrecRun("my run");
        float close1 = 0.30000001f, close2 = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(close1) + 1);
        run.AddResults("q", [("a", close1), ("b", close2), ("c", close1), ("d", 12345.678f)]);
        var path = Path.Combine(dir.Path, "sub", "run.trec");
        TrecRunWriter.Write(run, path);
        var lines = File.ReadAllLines(path);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("q Q0 d 1 12345.678 my_run", lines[0]);
        Assert.StartsWith("q Q0 b 2 ", lines[1]);
        Assert.StartsWith("q Q0 c 3 ", lines[2]);   // tie with a: doc id descending
        Assert.StartsWith("q Q0 a 4 ", lines[3]);

        var back = TrecRunReader.Read(path);
        var qrels = new Qrels();
        qrels.Add("q", "a", 1);
        qrels.Add("q", "b", 2);
        var ev = new TrecEvaluator(qrels);
        Assert.Equal(ev.Evaluate(run).Mean(Metric.Ndcg10), ev.Evaluate(back).Mean(Metric.Ndcg10), 15);
        // Distinct floats stay distinct, equal floats stay tied.
        var scores = back.For("q").ToDictionary(e => e.DocId, e => e.Score);
        Assert.True(scores["b"] > scores["a"]);
        Assert.Equal(scores["a"], scores["c"]);
    }

    [Fact]
    public void WriterDepthCutsPerQuery()
    {
        var run = new TrecRun();
        run.AddResults("q", [("a", 3f), ("b", 2f), ("c", 1f)]);
        var sw = new StringWriter();
        TrecRunWriter.Write(run, sw, depth: 2);
        Assert.Equal(2, sw.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void DocIdOrderIsStrcmpOnUtf8()
    {
        Assert.True(TrecOrder.CompareDocIds("b", "a") > 0);
        Assert.True(TrecOrder.CompareDocIds("ab", "a") > 0);
        Assert.True(TrecOrder.CompareDocIds("10", "9") < 0);          // strings, not numbers
        Assert.True(TrecOrder.CompareDocIds("\U0001F600", "\uFFFD") > 0); // U+1F600 > U+FFFD in UTF-8 bytes
    }
}

using Xunit;

namespace SparseSearch.Tests.Search;

/// <summary>
/// <c>sparsesearch bench index</c> end to end on the real pre-encoded SciFact vectors: it builds a reordered index in
/// 4-document blocks, opens it with <c>--preload</c>, and its rank-safe rows report results identical to the exhaustive
/// baseline measured in the same run (the report prints "NOT IDENTICAL" otherwise).
/// </summary>
public sealed class BenchIndexCommandTests
{
    [Fact]
    public void BenchIndexWithPreloadReportsIdenticalRankSafeRows()
    {
        using var dir = TestPaths.NewTempDir("ss-bench-index");
        string encoded = Path.Combine(TestPaths.Shared, "data", "scifact", "encoded");
        var (exit, stdout, stderr) = CliProcess.Run("bench", "index",
            "--corpus", Path.Combine(encoded, "splade-tiny.corpus.jsonl.gz"),
            "--queries", Path.Combine(encoded, "splade-tiny.queries.jsonl.gz"),
            "--tokenizer", Path.Combine(TestPaths.Models, "splade-tiny", "tokenizer.json"),
            "--index", Path.Combine(dir.Path, "idx"),
            "--max-queries", "150", "--warmup", "20", "--reorder", "--block-shift", "2",
            "--algorithms", "BlockMax,MaxScore", "--approx", "0:0.97", "--no-baselines", "--preload");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Opened with --preload", stdout);
        Assert.Contains("reordered by similarity, blocks of 4 docs", stdout);
        var rankSafe = stdout.Split('\n').Where(l => l.StartsWith("| RankSafe", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rankSafe.Count); // default, BlockMax, MaxScore
        Assert.All(rankSafe, row => Assert.Contains("(identical ids, order, scores)", row));
        Assert.DoesNotContain("NOT IDENTICAL", stdout);
    }
}

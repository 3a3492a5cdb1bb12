using System.Diagnostics;

namespace SparseSearch.Text;

/// <summary>Throughput of <see cref="WordPieceTokenizer.Encode"/> over a set of texts.</summary>
/// <param name="Texts">Texts encoded per round.</param>
/// <param name="Tokens">Tokens produced per round (special tokens included, before truncation).</param>
/// <param name="Chars">UTF-16 characters read per round.</param>
/// <param name="BestRound">The fastest timed round.</param>
/// <param name="AllocatedBytesPerToken">Managed bytes allocated per token in a single-threaded round (the result arrays are 12 B/token).</param>
/// <param name="Threads">1 for <see cref="WordPieceTokenizer.Encode"/> in a loop, else the processor count used by <see cref="WordPieceTokenizer.EncodeBatch"/>.</param>
public sealed record TokenizerThroughput(int Texts, long Tokens, long Chars, TimeSpan BestRound, double AllocatedBytesPerToken, int Threads)
{
    /// <summary>Tokens per second in the best round.</summary>
    public double TokensPerSecond => Tokens / BestRound.TotalSeconds;

    /// <summary>Texts per second in the best round.</summary>
    public double TextsPerSecond => Texts / BestRound.TotalSeconds;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Texts} texts, {Tokens} tokens: {TokensPerSecond / 1e6:F2} M tokens/s, {TextsPerSecond:F0} texts/s " +
        $"({Threads} thread{(Threads == 1 ? "" : "s")}, best of the rounds {BestRound.TotalMilliseconds:F0} ms, {AllocatedBytesPerToken:F1} B allocated/token)";
}

/// <summary>Measures tokenizer throughput; used by the benchmark command, never by tests (timing is not a test).</summary>
public static class TokenizerBenchmark
{
    /// <summary>
    /// Encodes every text once to warm up, then <paramref name="rounds"/> timed rounds, and reports the best.
    /// With <paramref name="parallel"/> the rounds use <see cref="WordPieceTokenizer.EncodeBatch"/>.
    /// </summary>
    public static TokenizerThroughput Measure(WordPieceTokenizer tokenizer, IReadOnlyList<string> texts, int rounds = 5, bool parallel = false, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        long chars = 0;
        foreach (string t in texts) chars += t.Length;

        long tokens = RunSequential(tokenizer, texts, maxLength);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        RunSequential(tokenizer, texts, maxLength);
        double bytesPerToken = tokens == 0 ? 0 : (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)tokens;

        var best = TimeSpan.MaxValue;
        for (int r = 0; r < rounds; r++)
        {
            var sw = Stopwatch.StartNew();
            if (parallel) tokenizer.EncodeBatch(texts, maxLength);
            else RunSequential(tokenizer, texts, maxLength);
            if (sw.Elapsed < best) best = sw.Elapsed;
        }
        return new TokenizerThroughput(texts.Count, tokens, chars, best, bytesPerToken, parallel ? Environment.ProcessorCount : 1);
    }

    private static long RunSequential(WordPieceTokenizer tokenizer, IReadOnlyList<string> texts, int maxLength)
    {
        long tokens = 0;
        for (int i = 0; i < texts.Count; i++) tokens += tokenizer.Encode(texts[i], maxLength).UntruncatedLength;
        return tokens;
    }
}

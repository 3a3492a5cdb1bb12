using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Significance;

/// <summary>The comparison of two runs on one measure.</summary>
/// <param name="Metric">The measure.</param>
/// <param name="MeanA">Mean of run A.</param>
/// <param name="MeanB">Mean of run B.</param>
/// <param name="PValue">Two-sided p-value of the paired randomisation test.</param>
/// <param name="Queries">Number of paired queries.</param>
/// <param name="Permutations">Number of random sign assignments drawn.</param>
public sealed record PairedComparison(Metric Metric, double MeanA, double MeanB, double PValue, int Queries, int Permutations)
{
    /// <summary>B − A.</summary>
    public double Difference => MeanB - MeanA;
}

/// <summary>
/// Paired randomisation (permutation) test, as in Smucker, Allan and Carterette (CIKM 2007): under the null
/// hypothesis the two systems are exchangeable per query, so each per-query difference is equally likely to carry
/// either sign. The p-value is the share of random sign assignments whose mean difference is at least as far from
/// 0 as the observed one, counting the observed assignment itself: p = (hits + 1) / (permutations + 1), so it is
/// never 0 and identical runs give exactly 1. The generator is seeded (SplitMix64), so results are reproducible.
/// </summary>
public static class PairedRandomizationTest
{
    /// <summary>The customary number of permutations.</summary>
    public const int DefaultPermutations = 10_000;

    /// <summary>The default seed.</summary>
    public const ulong DefaultSeed = 0x5EED_5EED;

    /// <summary>Two-sided p-value for paired per-query values (same query order in both spans).</summary>
    public static double PValue(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int permutations = DefaultPermutations, ulong seed = DefaultSeed)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Paired samples differ in length: {a.Length} and {b.Length}.");
        if (permutations <= 0)
            throw new ArgumentOutOfRangeException(nameof(permutations), permutations, "Need at least one permutation.");
        int n = a.Length;
        if (n == 0)
            return 1.0;
        var diff = new double[n];
        double observed = 0;
        for (int i = 0; i < n; i++)
        {
            diff[i] = b[i] - a[i];
            observed += diff[i];
        }
        // Compare sums rather than means (same ordering), with a little slack so float noise cannot split ties.
        double threshold = Math.Abs(observed) - 1e-9 * (1 + Math.Abs(observed));
        var rng = new SplitMix64(seed);
        int hits = 0;
        for (int p = 0; p < permutations; p++)
        {
            double sum = 0;
            ulong bits = 0;
            for (int i = 0; i < n; i++)
            {
                if ((i & 63) == 0)
                    bits = rng.Next();
                sum += (bits & 1) != 0 ? diff[i] : -diff[i];
                bits >>= 1;
            }
            if (Math.Abs(sum) >= threshold)
                hits++;
        }
        return (hits + 1.0) / (permutations + 1.0);
    }

    /// <summary>
    /// Compares two evaluations measure by measure. Both must cover the same judged queries (evaluate both runs
    /// against the same qrels); every measure the two have in common is compared.
    /// </summary>
    public static List<PairedComparison> Compare(EvaluationResult a, EvaluationResult b, int permutations = DefaultPermutations, ulong seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.QueryIds.Count != b.QueryIds.Count)
            throw new ArgumentException($"The evaluations cover {a.QueryIds.Count} and {b.QueryIds.Count} queries; evaluate both runs against the same qrels.");
        var bIndex = new Dictionary<string, int>(b.QueryIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < b.QueryIds.Count; i++)
            bIndex[b.QueryIds[i]] = i;
        var order = new int[a.QueryIds.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = bIndex.TryGetValue(a.QueryIds[i], out int j) ? j
                : throw new ArgumentException($"Query {a.QueryIds[i]} is evaluated in A but not in B.");

        var result = new List<PairedComparison>();
        var aligned = new double[order.Length];
        foreach (var metric in a.Metrics)
        {
            if (!b.Has(metric))
                continue;
            var va = a.PerQuery(metric);
            var vb = b.PerQuery(metric);
            for (int i = 0; i < order.Length; i++)
                aligned[i] = vb[order[i]];
            double p = PValue(va, aligned, permutations, seed);
            result.Add(new PairedComparison(metric, a.Mean(metric), b.Mean(metric), p, order.Length, permutations));
        }
        return result;
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same stream on every .NET version.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

using SparseSearch.Encoding;

namespace SparseSearch.Tests.Index;

/// <summary>Random sparse vectors with a skewed (Zipf-like) term distribution, like learned-sparse output.</summary>
internal sealed class RandomCorpus(int seed, int vocab)
{
    private readonly Random _rng = new(seed);

    public int Vocab => vocab;

    public Random Rng => _rng;

    private int SkewedTerm()
    {
        // u^3 concentrates mass on small ids (frequent terms) while leaving a long tail.
        double u = _rng.NextDouble();
        return (int)(u * u * u * vocab);
    }

    public SparseVector Vector(int minTerms, int maxTerms, float maxWeight)
    {
        int n = _rng.Next(minTerms, maxTerms + 1);
        var map = new SortedDictionary<int, float>();
        while (map.Count < n)
        {
            int t = SkewedTerm();
            // Coarse weights make exact score ties common, which exercises the tie-break order.
            float w = _rng.Next(4) == 0 ? (float)Math.Round(_rng.NextDouble() * maxWeight, 1) : (float)(_rng.NextDouble() * maxWeight);
            if (w > 0f) map[t] = w;
        }
        return new SparseVector(map.Keys.ToArray(), map.Values.ToArray());
    }
}

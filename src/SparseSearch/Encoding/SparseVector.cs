namespace SparseSearch.Encoding;

/// <summary>
/// A sparse vector over a model vocabulary: term ids in strictly ascending order with one weight each.
/// The shared currency between encoders, the index and the searchers.
/// </summary>
public sealed class SparseVector
{
    /// <summary>Creates a vector; <paramref name="termIds"/> must be strictly ascending and as long as <paramref name="weights"/>.</summary>
    public SparseVector(int[] termIds, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(termIds);
        ArgumentNullException.ThrowIfNull(weights);
        if (termIds.Length != weights.Length)
            throw new ArgumentException($"{termIds.Length} term ids but {weights.Length} weights.", nameof(weights));
        for (int i = 1; i < termIds.Length; i++)
            if (termIds[i] <= termIds[i - 1])
                throw new ArgumentException($"Term ids must be strictly ascending (index {i}: {termIds[i - 1]} then {termIds[i]}).", nameof(termIds));
        TermIds = termIds;
        Weights = weights;
    }

    /// <summary>The empty vector.</summary>
    public static SparseVector Empty { get; } = new([], []);

    /// <summary>Term ids, strictly ascending.</summary>
    public int[] TermIds { get; }

    /// <summary>Weights, aligned with <see cref="TermIds"/>.</summary>
    public float[] Weights { get; }

    /// <summary>Number of non-zero terms.</summary>
    public int Count => TermIds.Length;

    /// <summary>Builds a vector from unordered (term, weight) pairs, summing duplicates and dropping non-positive weights.</summary>
    public static SparseVector FromPairs(IEnumerable<KeyValuePair<int, float>> pairs)
    {
        var map = new SortedDictionary<int, float>();
        foreach (var (term, weight) in pairs)
        {
            map.TryGetValue(term, out var existing);
            map[term] = existing + weight;
        }
        var ids = new List<int>(map.Count);
        var weights = new List<float>(map.Count);
        foreach (var (term, weight) in map)
        {
            if (weight > 0f)
            {
                ids.Add(term);
                weights.Add(weight);
            }
        }
        return new SparseVector(ids.ToArray(), weights.ToArray());
    }

    /// <summary>Dot product with another sparse vector (merge join over the ascending ids).</summary>
    public float Dot(SparseVector other)
    {
        float sum = 0f;
        int i = 0, j = 0;
        var a = TermIds; var b = other.TermIds;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { sum += Weights[i] * other.Weights[j]; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return sum;
    }
}

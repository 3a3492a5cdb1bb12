namespace SparseSearch.Encoding;

/// <summary>One planned batch: positions in the caller's list, longest first, and the padded length.</summary>
/// <param name="Indices">Positions in the input list.</param>
/// <param name="PaddedLength">Length every sequence of the batch is padded to (its longest).</param>
public sealed record TokenBatch(int[] Indices, int PaddedLength)
{
    /// <summary>Texts in the batch.</summary>
    public int Size => Indices.Length;

    /// <summary>Cells of the padded [batch, sequence] tensors.</summary>
    public long PaddedTokens => (long)Indices.Length * PaddedLength;
}

/// <summary>
/// Groups sequences into batches of similar length: sort by length (longest first, so the biggest allocation happens
/// up front), then cut whenever adding one more would exceed the token budget (batch × longest) or the batch cap.
/// Padding waste stays small and memory per run stays bounded by the budget (a single over-budget text runs alone).
/// </summary>
public static class LengthBatchPlanner
{
    /// <summary>Plans batches for sequences of the given lengths.</summary>
    public static List<TokenBatch> Plan(ReadOnlySpan<int> lengths, int tokenBudget, int maxBatchSize)
    {
        if (tokenBudget < 1) throw new ArgumentOutOfRangeException(nameof(tokenBudget));
        if (maxBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(maxBatchSize));
        var order = new int[lengths.Length];
        var keys = new long[lengths.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            // Longest first; equal lengths keep input order so plans are deterministic.
            keys[i] = ((long)(int.MaxValue - lengths[i]) << 32) | (uint)i;
        }
        Array.Sort(keys, order);

        var batches = new List<TokenBatch>();
        int start = 0;
        while (start < order.Length)
        {
            int padded = Math.Max(1, lengths[order[start]]);
            int end = start + 1;
            while (end < order.Length && end - start < maxBatchSize && (long)(end - start + 1) * padded <= tokenBudget)
                end++;
            batches.Add(new TokenBatch(order[start..end], padded));
            start = end;
        }
        return batches;
    }
}

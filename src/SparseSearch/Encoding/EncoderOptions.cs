namespace SparseSearch.Encoding;

/// <summary>How an encoder batches and runs its model.</summary>
public sealed record EncoderOptions
{
    /// <summary>
    /// Upper bound on batch × padded sequence length. SPLADE graphs materialise [batch, sequence, 30522] floats
    /// (2048 tokens ≈ 250 MB), so batches are bounded by tokens, not by document count.
    /// </summary>
    public int TokenBudget { get; init; } = 2048;

    /// <summary>Upper bound on texts per batch.</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Model runs in flight at once on the shared session (each with its own input buffers).</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>ORT intra-op threads per run (0 = ORT default: one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Maximum tokens per text (0 = the manifest's max_length; larger values are clamped to it).</summary>
    public int MaxLength { get; init; }

    /// <summary>Sparse: keep only the k heaviest terms (0 = all).</summary>
    public int TopK { get; init; }

    /// <summary>Sparse: drop terms whose weight is not above this (0 keeps every positive weight).</summary>
    public float MinWeight { get; init; }

    internal void Validate()
    {
        if (TokenBudget < 1) throw new ArgumentOutOfRangeException(nameof(TokenBudget), TokenBudget, "must be positive");
        if (MaxBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "must be positive");
        if (Parallelism < 1) throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "must be positive");
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "must be 0 or positive");
        if (MaxLength < 0 || MaxLength == 1) throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "must be 0 or at least 2");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "must be 0 or positive");
        if (!(MinWeight >= 0)) throw new ArgumentOutOfRangeException(nameof(MinWeight), MinWeight, "must be 0 or positive");
    }
}

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
        if (TokenBudget < 1) throw new ArgumentException($"TokenBudget must be positive (got {TokenBudget}).", nameof(TokenBudget));
        if (MaxBatchSize < 1) throw new ArgumentException($"MaxBatchSize must be positive (got {MaxBatchSize}).", nameof(MaxBatchSize));
        if (Parallelism < 1) throw new ArgumentException($"Parallelism must be positive (got {Parallelism}).", nameof(Parallelism));
        if (IntraOpThreads < 0) throw new ArgumentException($"IntraOpThreads must be 0 or positive (got {IntraOpThreads}).", nameof(IntraOpThreads));
        if (MaxLength < 0 || MaxLength == 1) throw new ArgumentException($"MaxLength must be 0 or at least 2 (got {MaxLength}).", nameof(MaxLength));
        if (TopK < 0) throw new ArgumentException($"TopK must be 0 or positive (got {TopK}).", nameof(TopK));
        if (!(MinWeight >= 0)) throw new ArgumentException($"MinWeight must be 0 or positive (got {MinWeight}).", nameof(MinWeight));
    }
}

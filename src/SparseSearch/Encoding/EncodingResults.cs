namespace SparseSearch.Encoding;

/// <summary>A sparse encoding of one text.</summary>
/// <param name="Vector">Term ids (ascending) and weights, special tokens dropped.</param>
/// <param name="TokenCount">Tokens fed to the model, [CLS] and [SEP] included.</param>
/// <param name="Truncated">Whether the text was longer than the maximum length and cut.</param>
public readonly record struct SparseEncoding(SparseVector Vector, int TokenCount, bool Truncated);

/// <summary>A dense encoding of one text.</summary>
/// <param name="Vector">The embedding.</param>
/// <param name="TokenCount">Tokens fed to the model, [CLS] and [SEP] included.</param>
/// <param name="Truncated">Whether the text was longer than the maximum length and cut.</param>
public readonly record struct DenseEncoding(float[] Vector, int TokenCount, bool Truncated);

/// <summary>Running totals of one encoder (thread-safe).</summary>
public sealed class EncoderCounters
{
    private long _texts, _tokens, _truncated;

    /// <summary>Texts encoded.</summary>
    public long Texts => Interlocked.Read(ref _texts);

    /// <summary>Tokens fed to the model (after truncation).</summary>
    public long Tokens => Interlocked.Read(ref _tokens);

    /// <summary>Texts cut to the maximum length.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    internal void Add(long texts, long tokens, long truncated)
    {
        Interlocked.Add(ref _texts, texts);
        Interlocked.Add(ref _tokens, tokens);
        Interlocked.Add(ref _truncated, truncated);
    }
}

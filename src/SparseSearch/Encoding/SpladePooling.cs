using System.Numerics.Tensors;

namespace SparseSearch.Encoding;

/// <summary>SPLADE's pooling for models that hand out masked-language-model logits instead of pooled weights.</summary>
public static class SpladePooling
{
    /// <summary>
    /// weight[v] = max over real tokens s of log(1 + relu(logits[s, v])), for one text. Because log(1 + x) is
    /// increasing, this is log(1 + max(0, max_s logits[s, v])): one SIMD max per token row, and the logarithm only once
    /// per vocabulary entry instead of once per (token, entry).
    /// </summary>
    /// <param name="logits">The text's [sequence, vocab] logits, row-major.</param>
    /// <param name="vocab">Vocabulary size (row length).</param>
    /// <param name="attentionMask">One entry per sequence position: non-zero for real tokens, 0 for padding.</param>
    /// <param name="weights">Destination, <paramref name="vocab"/> long.</param>
    public static void MaxLogSaturation(ReadOnlySpan<float> logits, int vocab, ReadOnlySpan<long> attentionMask, Span<float> weights)
    {
        if (vocab <= 0) throw new ArgumentOutOfRangeException(nameof(vocab));
        if (weights.Length != vocab) throw new ArgumentException($"weights has {weights.Length} entries, vocab is {vocab}.", nameof(weights));
        if (logits.Length != attentionMask.Length * vocab)
            throw new ArgumentException($"logits has {logits.Length} values; expected {attentionMask.Length} positions × {vocab}.", nameof(logits));
        weights.Clear(); // the relu floor
        for (int s = 0; s < attentionMask.Length; s++)
        {
            if (attentionMask[s] == 0) continue;
            TensorPrimitives.Max(weights, logits.Slice(s * vocab, vocab), weights);
        }
        TensorPrimitives.Add(weights, 1f, weights);
        TensorPrimitives.Log(weights, weights);
    }
}

using System.Numerics.Tensors;

namespace SparseSearch.Encoding;

/// <summary>Pooling of token states into one vector, for dense models that hand out last_hidden_state.</summary>
public static class DensePooling
{
    /// <summary>The first token's ([CLS]) state.</summary>
    /// <param name="states">The text's [sequence, hidden] states, row-major.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="destination">Destination, <paramref name="hidden"/> long.</param>
    public static void Cls(ReadOnlySpan<float> states, int hidden, Span<float> destination)
    {
        if (states.Length < hidden) throw new ArgumentException("No token states.", nameof(states));
        if (destination.Length != hidden) throw new ArgumentException($"destination has {destination.Length} entries, hidden is {hidden}.", nameof(destination));
        states[..hidden].CopyTo(destination);
    }

    /// <summary>The mean of the states of real tokens (attention mask non-zero), as sentence-transformers computes it.</summary>
    public static void Mean(ReadOnlySpan<float> states, int hidden, ReadOnlySpan<long> attentionMask, Span<float> destination)
    {
        if (destination.Length != hidden) throw new ArgumentException($"destination has {destination.Length} entries, hidden is {hidden}.", nameof(destination));
        if (states.Length != attentionMask.Length * hidden)
            throw new ArgumentException($"states has {states.Length} values; expected {attentionMask.Length} positions × {hidden}.", nameof(states));
        destination.Clear();
        int count = 0;
        for (int s = 0; s < attentionMask.Length; s++)
        {
            if (attentionMask[s] == 0) continue;
            TensorPrimitives.Add(destination, states.Slice(s * hidden, hidden), destination);
            count++;
        }
        // sentence-transformers clamps the token count at 1e-9; with no real token the sum is 0 either way.
        if (count > 0) TensorPrimitives.Divide(destination, count, destination);
    }

    /// <summary>Scales <paramref name="vector"/> to unit L2 length (a zero vector stays zero).</summary>
    public static void L2Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0f) TensorPrimitives.Divide(vector, norm, vector);
    }
}

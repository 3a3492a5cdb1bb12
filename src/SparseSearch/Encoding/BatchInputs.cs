using System.Numerics.Tensors;
using SparseSearch.Onnx;

namespace SparseSearch.Encoding;

/// <summary>
/// The padded int64 tensors of one batch (input_ids, attention_mask, token_type_ids), in buffers a worker reuses
/// from batch to batch so that steady-state encoding allocates no tensor memory.
/// </summary>
public sealed class BatchInputs
{
    private long[] _ids = [];
    private long[] _mask = [];
    private long[] _types = [];
    private int[] _lengths = [];

    /// <summary>Texts in the current batch.</summary>
    public int BatchSize { get; private set; }

    /// <summary>Padded sequence length of the current batch.</summary>
    public int PaddedLength { get; private set; }

    /// <summary>Real (unpadded) token count of each row.</summary>
    public ReadOnlySpan<int> Lengths => _lengths.AsSpan(0, BatchSize);

    /// <summary>Attention mask of row <paramref name="row"/> (1 for real tokens, 0 for padding).</summary>
    public ReadOnlySpan<long> MaskRow(int row) => _mask.AsSpan(row * PaddedLength, PaddedLength);

    /// <summary>Fills the buffers with the batch's sequences, right-padded with <paramref name="padId"/>.</summary>
    public void Fill(TokenBatch batch, IReadOnlyList<int[]> sequences, int padId)
    {
        int b = batch.Size, s = batch.PaddedLength, cells = b * s;
        if (_ids.Length < cells)
        {
            _ids = new long[cells];
            _mask = new long[cells];
            _types = new long[cells];
        }
        if (_lengths.Length < b) _lengths = new int[Math.Max(b, 16)];
        BatchSize = b;
        PaddedLength = s;
        _types.AsSpan(0, cells).Clear();
        for (int row = 0; row < b; row++)
        {
            int[] seq = sequences[batch.Indices[row]];
            var ids = _ids.AsSpan(row * s, s);
            var mask = _mask.AsSpan(row * s, s);
            // SIMD widening copy int → long (the model takes int64 ids); the tail is padding.
            TensorPrimitives.ConvertTruncating<int, long>(seq, ids);
            ids[seq.Length..].Fill(padId);
            mask[..seq.Length].Fill(1);
            mask[seq.Length..].Clear();
            _lengths[row] = seq.Length;
        }
    }

    /// <summary>The model inputs for the current batch, by the manifest's input names.</summary>
    public OnnxTensorInput[] ToInputs(IReadOnlyList<string> inputNames)
    {
        int cells = BatchSize * PaddedLength;
        var inputs = new OnnxTensorInput[inputNames.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            string name = inputNames[i];
            long[] data = name switch
            {
                "input_ids" => _ids,
                "attention_mask" => _mask,
                "token_type_ids" => _types,
                _ => throw new InvalidOperationException($"Input \"{name}\" has no known role."),
            };
            inputs[i] = OnnxTensorInput.Int64(name, data.AsMemory(0, cells), BatchSize, PaddedLength);
        }
        return inputs;
    }
}

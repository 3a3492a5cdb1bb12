using System.Buffers;
using System.Runtime.InteropServices;

namespace SparseSearch.Onnx;

/// <summary>
/// A named input tensor over caller-owned managed memory. Nothing is copied: the memory is pinned for the duration of
/// <see cref="OnnxSession.Run"/> and ORT reads it in place, so the caller must not change it during the call.
/// </summary>
public readonly struct OnnxTensorInput
{
    private readonly ReadOnlyMemory<long> _int64;
    private readonly ReadOnlyMemory<float> _float;

    private OnnxTensorInput(string name, TensorElementType type, ReadOnlyMemory<long> i, ReadOnlyMemory<float> f, long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Input '{name}': dimension {d} is negative.", nameof(shape));
            count *= d;
        }
        int length = type == TensorElementType.Int64 ? i.Length : f.Length;
        if (count != length)
            throw new ArgumentException($"Input '{name}': shape [{string.Join(",", shape)}] needs {count} elements but {length} were given.", nameof(shape));
        Name = name;
        ElementType = type;
        _int64 = i;
        _float = f;
        Shape = shape;
    }

    /// <summary>An int64 tensor.</summary>
    public static OnnxTensorInput Int64(string name, ReadOnlyMemory<long> data, params long[] shape) =>
        new(name, TensorElementType.Int64, data, default, shape);

    /// <summary>A float tensor.</summary>
    public static OnnxTensorInput Float(string name, ReadOnlyMemory<float> data, params long[] shape) =>
        new(name, TensorElementType.Float, default, data, shape);

    /// <summary>The model input this feeds.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Dimensions.</summary>
    public long[] Shape { get; }

    internal MemoryHandle Pin(out nuint byteLength)
    {
        if (ElementType == TensorElementType.Int64)
        {
            byteLength = (nuint)_int64.Length * sizeof(long);
            return MemoryMarshal.AsMemory(_int64).Pin();
        }
        byteLength = (nuint)_float.Length * sizeof(float);
        return MemoryMarshal.AsMemory(_float).Pin();
    }
}

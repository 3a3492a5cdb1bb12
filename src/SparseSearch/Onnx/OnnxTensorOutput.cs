namespace SparseSearch.Onnx;

/// <summary>One output tensor in ORT-owned memory, with its element type and actual shape.</summary>
public sealed unsafe class OnnxTensorOutput : IDisposable
{
    private readonly OrtHandle _value;
    private readonly void* _data;

    private OnnxTensorOutput(string name, OrtHandle value, TensorElementType type, long[] shape, void* data)
    {
        Name = name;
        _value = value;
        ElementType = type;
        Shape = shape;
        _data = data;
        long count = 1;
        foreach (var d in shape) count *= d;
        ElementCount = count;
    }

    internal static OnnxTensorOutput Create(OrtApiTable api, string name, OrtHandle value)
    {
        IntPtr v = value.DangerousGetHandle();
        IntPtr info;
        api.Check(api.GetTensorTypeAndShape(v, &info), $"reading output '{name}' (is it a tensor?)");
        TensorElementType type;
        long[] shape;
        try { (type, shape) = OnnxSession.ReadTypeAndShape(api, info); }
        finally { api.ReleaseTensorTypeAndShapeInfo(info); }
        void* data;
        api.Check(api.GetTensorMutableData(v, &data), $"reading output '{name}' data");
        return new OnnxTensorOutput(name, value, type, shape, data);
    }

    /// <summary>The output name.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Actual dimensions of this result.</summary>
    public long[] Shape { get; }

    /// <summary>Product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>The data as floats (valid until the result is disposed).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not float.</exception>
    public ReadOnlySpan<float> AsFloats() => DataAs<float>(TensorElementType.Float);

    /// <summary>The data as int64 (valid until the result is disposed).</summary>
    /// <exception cref="InvalidOperationException">The tensor is not int64.</exception>
    public ReadOnlySpan<long> AsInt64s() => DataAs<long>(TensorElementType.Int64);

    private ReadOnlySpan<T> DataAs<T>(TensorElementType expected) where T : unmanaged
    {
        if (ElementType != expected)
            throw new InvalidOperationException($"Output '{Name}' holds {ElementType}, not {expected}.");
        ObjectDisposedException.ThrowIf(_value.IsClosed, this);
        if (ElementCount > int.MaxValue)
            throw new InvalidOperationException($"Output '{Name}' has {ElementCount} elements, more than a span can address.");
        return new ReadOnlySpan<T>(_data, (int)ElementCount);
    }

    /// <summary>Frees the tensor. Safe to call more than once.</summary>
    public void Dispose() => _value.Dispose();
}

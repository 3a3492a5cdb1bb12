namespace SparseSearch.Onnx;

/// <summary>
/// The outputs of one <see cref="OnnxSession.Run"/>, owned by the caller: dispose it to free ORT's buffers. The spans
/// handed out by <see cref="OnnxTensorOutput"/> point into those buffers and are valid until then.
/// </summary>
public sealed class OnnxRunResult : IDisposable
{
    private readonly OnnxTensorOutput[] _outputs;

    private OnnxRunResult(OnnxTensorOutput[] outputs) => _outputs = outputs;

    /// <summary>Number of outputs.</summary>
    public int Count => _outputs.Length;

    /// <summary>Output by position (the order they were asked for).</summary>
    public OnnxTensorOutput this[int index] => _outputs[index];

    /// <summary>Output by name.</summary>
    public OnnxTensorOutput this[string name]
    {
        get
        {
            foreach (var o in _outputs)
                if (o.Name == name) return o;
            throw new KeyNotFoundException($"No output named '{name}' in this result.");
        }
    }

    internal static unsafe OnnxRunResult Take(OrtApiTable api, IntPtr* values, ReadOnlySpan<string> names)
    {
        var outputs = new OnnxTensorOutput[names.Length];
        // Wrap every value first so that each one is released even if inspecting one of them fails.
        var handles = new OrtHandle[names.Length];
        for (int i = 0; i < names.Length; i++) { handles[i] = new OrtHandle(values[i], api.ReleaseValue); values[i] = IntPtr.Zero; }
        try
        {
            for (int i = 0; i < names.Length; i++)
                outputs[i] = OnnxTensorOutput.Create(api, names[i], handles[i]);
            return new OnnxRunResult(outputs);
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
    }

    /// <summary>Frees every output. Safe to call more than once.</summary>
    public void Dispose()
    {
        foreach (var o in _outputs) o.Dispose();
    }
}

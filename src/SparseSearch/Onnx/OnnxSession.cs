using System.Buffers;
using System.Runtime.InteropServices;

namespace SparseSearch.Onnx;

/// <summary>
/// One loaded model. <see cref="Run"/> may be called from many threads at once on the same session (ORT sessions are
/// thread-safe for Run, and this wrapper keeps no per-call state in fields); <see cref="Dispose"/> waits for no one:
/// the native session is released when the last in-flight Run returns, and later calls throw
/// <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private readonly OrtApiTable _api;
    private readonly OrtHandle _session;
    private readonly OrtHandle _cpuMemory;
    private volatile bool _disposed;

    private OnnxSession(OrtApiTable api, OrtHandle session, OrtHandle cpuMemory, string modelPath, TensorInfo[] inputs, TensorInfo[] outputs)
    {
        _api = api;
        _session = session;
        _cpuMemory = cpuMemory;
        ModelPath = modelPath;
        Inputs = inputs;
        Outputs = outputs;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The model's inputs in declaration order, with element types and declared shapes.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model's outputs in declaration order, with element types and declared shapes.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    internal static OnnxSession Open(OrtEnvironment environment, string modelPath, OnnxSessionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new OnnxSessionOptions();
        var api = environment.Api;
        string fullPath = Path.GetFullPath(modelPath);

        using var nativeOptions = CreateOptions(api, options);
        // ORT requires the environment to outlive its sessions: each session holds a reference on the env handle,
        // given back when the session is released, so disposing the environment first is harmless.
        bool envAdded = false;
        var envHandle = environment.EnvHandle;
        try
        {
            envHandle.DangerousAddRef(ref envAdded);
        }
        catch (ObjectDisposedException)
        {
            throw new ObjectDisposedException(nameof(OrtEnvironment), "The ONNX Runtime environment has been disposed.");
        }
        OrtHandle? session = null, memory = null;
        try
        {
            IntPtr sessionPtr = IntPtr.Zero;
            byte[] path = OrtEnvironment.Utf8(fullPath);
            fixed (byte* p = path)
                api.Check(api.CreateSession(envHandle.DangerousGetHandle(), p, nativeOptions.DangerousGetHandle(), &sessionPtr),
                    $"loading ONNX model {fullPath}");
            session = new OrtHandle(sessionPtr, api.ReleaseSession, envHandle);
            envAdded = false; // now owned by the session handle
            var inputs = ReadSignature(api, session.DangerousGetHandle(), isInput: true);
            var outputs = ReadSignature(api, session.DangerousGetHandle(), isInput: false);
            // Each session owns the memory description its input tensors point at, so it depends on nothing the
            // environment could release under it.
            IntPtr mem = IntPtr.Zero;
            const int arenaAllocator = 1, memTypeDefault = 0;
            api.Check(api.CreateCpuMemoryInfo(arenaAllocator, memTypeDefault, &mem), "creating the CPU memory info");
            memory = new OrtHandle(mem, api.ReleaseMemoryInfo);
            return new OnnxSession(api, session, memory, fullPath, inputs, outputs);
        }
        catch
        {
            memory?.Dispose();
            session?.Dispose();
            if (envAdded) envHandle.DangerousRelease();
            throw;
        }
    }

    private static OrtHandle CreateOptions(OrtApiTable api, OnnxSessionOptions options)
    {
        IntPtr ptr = IntPtr.Zero;
        api.Check(api.CreateSessionOptions(&ptr), "creating session options");
        var handle = new OrtHandle(ptr, api.ReleaseSessionOptions);
        try
        {
            api.Check(api.SetIntraOpNumThreads(ptr, Math.Max(0, options.IntraOpThreads)), "setting intra-op threads");
            api.Check(api.SetInterOpNumThreads(ptr, Math.Max(0, options.InterOpThreads)), "setting inter-op threads");
            api.Check(api.SetSessionGraphOptimizationLevel(ptr, (int)options.OptimizationLevel), "setting the graph optimisation level");
            api.Check(api.SetSessionExecutionMode(ptr, options.SequentialExecution ? 0 : 1), "setting the execution mode");
            AddConfig(api, ptr, "session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            AddConfig(api, ptr, "session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void AddConfig(OrtApiTable api, IntPtr options, string key, string value)
    {
        byte[] k = OrtEnvironment.Utf8(key), v = OrtEnvironment.Utf8(value);
        fixed (byte* kp = k)
        fixed (byte* vp = v)
            api.Check(api.AddSessionConfigEntry(options, kp, vp), $"setting session option {key}={value}");
    }

    private static TensorInfo[] ReadSignature(OrtApiTable api, IntPtr session, bool isInput)
    {
        nuint count;
        api.Check(isInput ? api.SessionGetInputCount(session, &count) : api.SessionGetOutputCount(session, &count));
        IntPtr allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        var result = new TensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* namePtr = null;
            api.Check(isInput ? api.SessionGetInputName(session, i, allocator, &namePtr) : api.SessionGetOutputName(session, i, allocator, &namePtr));
            string name;
            try { name = Marshal.PtrToStringUTF8((IntPtr)namePtr) ?? ""; }
            finally { api.Check(api.AllocatorFree(allocator, namePtr)); }

            IntPtr typeInfo;
            api.Check(isInput ? api.SessionGetInputTypeInfo(session, i, &typeInfo) : api.SessionGetOutputTypeInfo(session, i, &typeInfo));
            try
            {
                int onnxType;
                api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
                const int onnxTypeTensor = 1;
                if (onnxType != onnxTypeTensor)
                {
                    result[i] = new TensorInfo(name, TensorElementType.Undefined, []);
                    continue;
                }
                IntPtr tensorInfo; // owned by typeInfo
                api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
                var (type, shape) = ReadTypeAndShape(api, tensorInfo);
                result[i] = new TensorInfo(name, type, shape);
            }
            finally
            {
                api.ReleaseTypeInfo(typeInfo);
            }
        }
        return result;
    }

    internal static (TensorElementType, long[]) ReadTypeAndShape(OrtApiTable api, IntPtr tensorTypeAndShape)
    {
        int type;
        api.Check(api.GetTensorElementType(tensorTypeAndShape, &type));
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorTypeAndShape, &rank));
        var shape = new long[(int)rank];
        fixed (long* s = shape)
            api.Check(api.GetDimensions(tensorTypeAndShape, s, rank));
        return ((TensorElementType)type, shape);
    }

    /// <summary>
    /// Runs the model on named inputs and returns the named outputs (in the order asked). The inputs' memory is pinned
    /// for the call only. Thread-safe: concurrent calls on one session are allowed.
    /// </summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the inputs (unknown name, wrong type or shape) or failed.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public OnnxRunResult Run(ReadOnlySpan<OnnxTensorInput> inputs, ReadOnlySpan<string> outputNames)
    {
        if (outputNames.Length == 0) throw new ArgumentException("Ask for at least one output.", nameof(outputNames));
        bool sessionAdded = false, memoryAdded = false;
        try
        {
            try
            {
                // SafeHandle keeps handing out references after Dispose while a Run is in flight; refuse new calls.
                if (_disposed) throw new ObjectDisposedException(nameof(OnnxSession));
                _session.DangerousAddRef(ref sessionAdded);
                _cpuMemory.DangerousAddRef(ref memoryAdded);
            }
            catch (ObjectDisposedException)
            {
                throw new ObjectDisposedException(nameof(OnnxSession), $"The session for {ModelPath} has been disposed.");
            }
            return RunCore(inputs, outputNames);
        }
        finally
        {
            if (memoryAdded) _cpuMemory.DangerousRelease();
            if (sessionAdded) _session.DangerousRelease();
        }
    }

    private OnnxRunResult RunCore(ReadOnlySpan<OnnxTensorInput> inputs, ReadOnlySpan<string> outputNames)
    {
        int nIn = inputs.Length, nOut = outputNames.Length;
        var names = new byte[nIn + nOut][];
        for (int i = 0; i < nIn; i++) names[i] = OrtEnvironment.Utf8(inputs[i].Name);
        for (int i = 0; i < nOut; i++) names[nIn + i] = OrtEnvironment.Utf8(outputNames[i]);

        var pins = new MemoryHandle[nIn];
        var nameHandles = new GCHandle[names.Length];
        IntPtr* inputValues = stackalloc IntPtr[Math.Max(1, nIn)];
        IntPtr* outputValues = stackalloc IntPtr[nOut];
        IntPtr* namePtrs = stackalloc IntPtr[names.Length];
        for (int i = 0; i < nIn; i++) inputValues[i] = IntPtr.Zero;
        for (int i = 0; i < nOut; i++) outputValues[i] = IntPtr.Zero;
        IntPtr memoryInfo = _cpuMemory.DangerousGetHandle();
        try
        {
            for (int i = 0; i < names.Length; i++)
            {
                nameHandles[i] = GCHandle.Alloc(names[i], GCHandleType.Pinned);
                namePtrs[i] = nameHandles[i].AddrOfPinnedObject();
            }
            for (int i = 0; i < nIn; i++)
            {
                var input = inputs[i];
                pins[i] = input.Pin(out nuint bytes);
                IntPtr value;
                fixed (long* shape = input.Shape)
                    _api.Check(_api.CreateTensorWithDataAsOrtValue(memoryInfo, pins[i].Pointer, bytes, shape, (nuint)input.Shape.Length,
                        (int)input.ElementType, &value), $"creating input tensor '{input.Name}'");
                inputValues[i] = value;
            }

            IntPtr status = _api.Run(_session.DangerousGetHandle(), IntPtr.Zero, namePtrs, inputValues, (nuint)nIn,
                namePtrs + nIn, (nuint)nOut, outputValues);
            if (status != IntPtr.Zero)
            {
                ReleaseAll(outputValues, nOut);
                throw _api.ToException(status, $"running {Path.GetFileName(ModelPath)}");
            }
            return OnnxRunResult.Take(_api, outputValues, outputNames);
        }
        finally
        {
            for (int i = 0; i < nIn; i++)
            {
                if (inputValues[i] != IntPtr.Zero) _api.ReleaseValue(inputValues[i]);
                pins[i].Dispose();
            }
            foreach (var h in nameHandles)
                if (h.IsAllocated) h.Free();
        }
    }

    private void ReleaseAll(IntPtr* values, int count)
    {
        for (int i = 0; i < count; i++)
            if (values[i] != IntPtr.Zero) { _api.ReleaseValue(values[i]); values[i] = IntPtr.Zero; }
    }

    /// <summary>Releases the session (after any Run still in flight). Safe to call more than once.</summary>
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
        _cpuMemory.Dispose();
    }
}

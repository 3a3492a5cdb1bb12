using System.Runtime.InteropServices;

namespace SparseSearch.Onnx;

/// <summary>Where to find ONNX Runtime and how loud it may be.</summary>
public sealed record OrtEnvironmentOptions
{
    /// <summary>Explicit path of libonnxruntime.so.1; null to search (see <see cref="OrtLibraryLocator"/>).</summary>
    public string? LibraryPath { get; init; }

    /// <summary>ORT's own log threshold: 0 verbose, 1 info, 2 warning, 3 error (default), 4 fatal.</summary>
    public int LogSeverity { get; init; } = 3;

    /// <summary>The log id ORT prints with its messages.</summary>
    public string LogId { get; init; } = "sparsesearch";
}

/// <summary>
/// An ONNX Runtime environment: the loaded native library, its API table, one <c>OrtEnv</c>. ORT keeps one environment per process (its <c>CreateEnv</c> hands out
/// a reference-counted singleton), so the caller creates one of these, shares it across sessions and threads, and
/// disposes it after the sessions made from it. There is no hidden global: whoever creates it owns it.
/// The native library itself stays loaded for the life of the process (ORT's thread pools cannot be unloaded safely).
/// </summary>
public sealed unsafe class OrtEnvironment : IDisposable
{
    private readonly OrtHandle _env;
    private volatile bool _disposed;

    private OrtEnvironment(OrtApiTable api, OrtHandle env)
    {
        Api = api;
        _env = env;
    }

    /// <summary>Loads ONNX Runtime (see <see cref="OrtLibraryLocator"/>) and creates the environment.</summary>
    /// <exception cref="OnnxRuntimeException">The library is missing or unusable, or ORT refused to create the environment.</exception>
    public static OrtEnvironment Create(OrtEnvironmentOptions? options = null)
    {
        options ??= new OrtEnvironmentOptions();
        var (library, path) = OrtLibraryLocator.Load(options.LibraryPath);
        var api = OrtApiTable.FromLibrary(library, path);

        IntPtr envPtr = IntPtr.Zero;
        byte[] logId = Utf8(options.LogId);
        fixed (byte* id = logId)
            api.Check(api.CreateEnv(Math.Clamp(options.LogSeverity, 0, 4), id, &envPtr), "creating the ONNX Runtime environment");
        return new OrtEnvironment(api, new OrtHandle(envPtr, api.ReleaseEnv));
    }

    /// <summary>ONNX Runtime's version string, e.g. "1.30.0".</summary>
    public string Version => Api.Version;

    /// <summary>The library file in use (or the system loader name it was found under).</summary>
    public string LibraryPath => Api.LibraryPath;

    internal OrtApiTable Api { get; }

    internal OrtHandle EnvHandle
    {
        get
        {
            // SafeHandle still hands out references after Dispose while sessions hold one, so track Dispose ourselves.
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _env;
        }
    }

    /// <summary>Opens a model file as a session.</summary>
    public OnnxSession OpenSession(string modelPath, OnnxSessionOptions? options = null) => OnnxSession.Open(this, modelPath, options);

    /// <summary>
    /// Round trip through ORT's status functions (<c>CreateStatus</c>, <c>GetErrorCode</c>, <c>GetErrorMessage</c>,
    /// <c>ReleaseStatus</c>): builds a status with this code and message and returns the exception it maps to.
    /// Used to check the binding's table slots.
    /// </summary>
    public OnnxRuntimeException RoundTripStatus(OrtErrorCode code, string message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        byte[] msg = Utf8(message);
        IntPtr status;
        fixed (byte* m = msg)
            status = Api.CreateStatus((int)code, m);
        return Api.ToException(status, null);
    }

    internal static byte[] Utf8(string s)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    /// <summary>Releases the environment; sessions still open keep ORT's own reference to it.</summary>
    public void Dispose()
    {
        _disposed = true;
        _env.Dispose();
    }
}

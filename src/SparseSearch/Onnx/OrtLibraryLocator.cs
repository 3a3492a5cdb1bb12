using System.Runtime.InteropServices;

namespace SparseSearch.Onnx;

/// <summary>
/// Finds and loads ONNX Runtime's native library. Places tried, in order:
/// <list type="number">
/// <item>the explicit path in <see cref="OrtEnvironmentOptions.LibraryPath"/>;</item>
/// <item>the environment variable <c>SPARSESEARCH_ORT_LIBRARY</c> (a file path);</item>
/// <item><c>.deps/onnxruntime/libonnxruntime.so.1</c> in <see cref="AppContext.BaseDirectory"/> or any folder above it
/// (where <c>scripts/setup.sh</c> installs it);</item>
/// <item>the system loader (<c>libonnxruntime.so.1</c>, then <c>libonnxruntime.so</c>).</item>
/// </list>
/// An explicit path or environment variable that does not load is an error of its own (no silent fallback).
/// </summary>
public static class OrtLibraryLocator
{
    /// <summary>The environment variable naming the library file.</summary>
    public const string EnvironmentVariable = "SPARSESEARCH_ORT_LIBRARY";

    /// <summary>The library's path relative to the checkout, as installed by the setup script.</summary>
    public static readonly string SetupRelativePath = Path.Combine(".deps", "onnxruntime", "libonnxruntime.so.1");

    private static readonly string[] SystemNames = ["libonnxruntime.so.1", "libonnxruntime.so"];

    /// <summary>Loads the library and returns its handle and the path (or system name) it came from.</summary>
    public static (IntPtr Handle, string Path) Load(string? explicitPath) =>
        Load(explicitPath, Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, SystemNames);

    /// <summary>The search itself, with its inputs explicit (tests pass their own).</summary>
    internal static (IntPtr Handle, string Path) Load(string? explicitPath, string? fromEnv, string baseDirectory, IReadOnlyList<string> systemNames)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return (LoadExact(explicitPath, "the configured library path"), Path.GetFullPath(explicitPath));

        if (!string.IsNullOrEmpty(fromEnv))
            return (LoadExact(fromEnv, $"${EnvironmentVariable}"), Path.GetFullPath(fromEnv));

        var tried = new List<string> { $"option LibraryPath (not set)", $"${EnvironmentVariable} (not set)" };
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, SetupRelativePath);
            if (File.Exists(candidate))
                return (LoadExact(candidate, "the setup script's location"), candidate);
            tried.Add(candidate + " (absent)");
        }
        foreach (var name in systemNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
                return (handle, name);
            tried.Add($"system loader: {name} (not found)");
        }
        throw new OnnxRuntimeException(OrtErrorCode.NoSuchFile,
            "ONNX Runtime's native library (libonnxruntime.so.1) was not found. Looked at:\n  " + string.Join("\n  ", tried) +
            $"\nRun `bash scripts/setup.sh` to install it, or set {EnvironmentVariable} to its path.");
    }

    private static IntPtr LoadExact(string path, string source)
    {
        if (!File.Exists(path))
            throw new OnnxRuntimeException(OrtErrorCode.NoSuchFile,
                $"ONNX Runtime library {path} (from {source}) does not exist. Run `bash scripts/setup.sh` or fix the path.");
        try
        {
            return NativeLibrary.Load(Path.GetFullPath(path));
        }
        catch (DllNotFoundException e)
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail,
                $"ONNX Runtime library {path} (from {source}) could not be loaded: {e.Message}. Run `bash scripts/setup.sh` to reinstall it.");
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxRuntimeException(OrtErrorCode.Fail,
                $"{path} (from {source}) is not a loadable native library: {e.Message}. Run `bash scripts/setup.sh` to reinstall it.");
        }
    }
}

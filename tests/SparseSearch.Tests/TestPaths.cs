namespace SparseSearch.Tests;

/// <summary>
/// Locates the checkout, its models and the ../shared data beside it, from the test binary's folder. Also compiled into
/// SparseSearch.Server.Tests (a linked file), which adds its own members in a second part.
/// </summary>
internal static partial class TestPaths
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SparseSearch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SparseSearch.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The checkout (folder holding SparseSearch.sln).</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The committed default models.</summary>
    public static string Models => Path.Combine(RepoRoot, "onnx-models");

    /// <summary>../shared beside the checkout (overridable with SPARSESEARCH_SHARED).</summary>
    public static string Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("SPARSESEARCH_SHARED");
            var path = string.IsNullOrEmpty(env) ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared")) : env;
            if (!Directory.Exists(path))
                throw new DirectoryNotFoundException($"Shared data folder not found at {path}: put ../shared beside the checkout or set SPARSESEARCH_SHARED.");
            return path;
        }
    }

    public static string Golden(string file) => Path.Combine(Shared, "golden", file);

    /// <summary>A fresh temporary folder under the system temp dir, removed by the caller's Dispose.</summary>
    public static TempDir NewTempDir(string prefix = "ss-test") => new(prefix);
}

internal sealed class TempDir : IDisposable
{
    public TempDir(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

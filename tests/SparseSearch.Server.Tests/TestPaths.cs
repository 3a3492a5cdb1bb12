namespace SparseSearch.Server.Tests;

/// <summary>Locates the checkout, its models and ../shared from the test binary's folder.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SparseSearch.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SparseSearch.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;
    public static string Models => Path.Combine(RepoRoot, "onnx-models");

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

    /// <summary>tests/SparseSearch.Server.Tests/TestResults: screenshots and other artefacts a run leaves to look at.</summary>
    public static string Results
    {
        get
        {
            var p = Path.Combine(RepoRoot, "tests", "SparseSearch.Server.Tests", "TestResults");
            Directory.CreateDirectory(p);
            return p;
        }
    }

    /// <summary>The build configuration of this test assembly (Debug/Release), from its path.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}

/// <summary>A fresh folder under the temp dir, removed on dispose.</summary>
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

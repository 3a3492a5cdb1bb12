namespace SparseSearch.Tests;

/// <summary>The server tests' own paths, beside the shared ones in tests/SparseSearch.Tests/TestPaths.cs.</summary>
internal static partial class TestPaths
{
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

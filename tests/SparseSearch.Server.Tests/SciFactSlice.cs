using System.Text.Json;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Server.Bench;

namespace SparseSearch.Server.Tests;

/// <summary>
/// A real index of the first <see cref="Count"/> SciFact documents, built once per test run by the serve benchmark's
/// <see cref="SeedIndex"/> (the reference stack's pre-encoded splade-tiny and MiniLM vectors, title and text from
/// corpus.jsonl, the shipped models recorded as the service records them). Each server gets its own copy (one writer per index).
/// </summary>
internal static class SciFactSlice
{
    public const int Count = 60;
    private static readonly Lazy<(string Path, List<BeirDocument> Docs)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly TempDir Home = new("ss-server-tests");

    /// <summary>The documents indexed (in order).</summary>
    public static IReadOnlyList<BeirDocument> Documents => Built.Value.Docs;

    /// <summary>A fresh copy of the index in a new folder under <paramref name="parent"/>.</summary>
    public static string CopyTo(string parent)
    {
        var source = Built.Value.Path;
        var dest = Path.Combine(parent, "index-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dest);
        foreach (var f in Directory.EnumerateFiles(source))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith("write.lock", StringComparison.Ordinal)) continue;
            File.Copy(f, Path.Combine(dest, name));
        }
        return dest;
    }

    private static (string, List<BeirDocument>) Build()
    {
        string data = Path.Combine(TestPaths.Shared, "data", "scifact");
        var docs = BeirCorpusReader.Read(Path.Combine(data, "corpus.jsonl")).Take(Count).ToList();
        var dir = Path.Combine(Home.Path, "scifact-slice");
        SeedIndex.Build(dir, data, TestPaths.Models, docs);
        return (dir, docs);
    }

    public static string ToJsonArray(IEnumerable<object> docs) => JsonSerializer.Serialize(docs);
}

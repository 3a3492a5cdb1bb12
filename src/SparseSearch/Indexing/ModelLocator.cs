namespace SparseSearch.Indexing;

/// <summary>
/// Finds a model folder given on the command line (e.g. the default <c>onnx-models/splade-tiny</c>), so commands work
/// from any working directory of a checkout and from the built binary's folder.
/// </summary>
/// <remarks>
/// A relative path <c>P</c> is tried, in order: (1) relative to the current directory; (2) under the folder named by the
/// environment variable <see cref="ModelsVariable"/> (as <c>P</c>, then as its last component, so
/// <c>SPARSESEARCH_MODELS=/opt/models</c> serves <c>onnx-models/splade-tiny</c> from <c>/opt/models/splade-tiny</c>);
/// (3) relative to each ancestor of the application's folder (<see cref="AppContext.BaseDirectory"/>): the checkout's
/// <c>onnx-models/</c> is found from <c>src/SparseSearch.Cli/bin/Release/net10.0/</c>. An absolute path is used as is.
/// </remarks>
public static class ModelLocator
{
    /// <summary>Environment variable naming a folder of model folders.</summary>
    public const string ModelsVariable = "SPARSESEARCH_MODELS";

    /// <summary>Resolves <paramref name="path"/> to an existing folder.</summary>
    /// <exception cref="DirectoryNotFoundException">Not found; the message lists every place looked at.</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tried = new List<string>();
        if (Path.IsPathRooted(path))
        {
            if (Directory.Exists(path)) return Path.GetFullPath(path);
            throw new DirectoryNotFoundException($"Model folder not found: {path}");
        }
        string candidate = Path.GetFullPath(path);
        if (Directory.Exists(candidate)) return candidate;
        tried.Add(candidate);
        var env = Environment.GetEnvironmentVariable(ModelsVariable);
        if (!string.IsNullOrEmpty(env))
        {
            foreach (var c in new[] { Path.Combine(env, path), Path.Combine(env, Path.GetFileName(Path.TrimEndingDirectorySeparator(path))) })
            {
                if (Directory.Exists(c)) return Path.GetFullPath(c);
                tried.Add(Path.GetFullPath(c));
            }
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var c = Path.Combine(dir.FullName, path);
            if (Directory.Exists(c)) return Path.GetFullPath(c);
        }
        tried.Add($"{path} under every folder above {AppContext.BaseDirectory}");
        throw new DirectoryNotFoundException($"Model folder \"{path}\" not found. Looked at: {string.Join("; ", tried)}. " +
            $"Pass an existing folder (holding model.json, model.onnx, tokenizer.json) or set {ModelsVariable}.");
    }
}

namespace SparseSearch.Encoding;

/// <summary>A model folder is missing a file, or a file is not what its manifest says (names the file and the expectation).</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ModelFormatException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>The offending file or folder.</summary>
    public string Path { get; }
}

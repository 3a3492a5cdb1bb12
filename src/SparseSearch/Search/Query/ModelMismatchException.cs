namespace SparseSearch.Search.Query;

/// <summary>A query model that does not fit the index (another vocabulary or dimension); the message says which.</summary>
public sealed class ModelMismatchException : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public ModelMismatchException(string path, string message) : base(message)
    {
        Path = path;
    }

    /// <summary>The model folder or file refused.</summary>
    public string Path { get; }
}

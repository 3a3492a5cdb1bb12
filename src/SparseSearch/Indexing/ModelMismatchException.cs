namespace SparseSearch.Indexing;

/// <summary>
/// A model does not fit an index: its vocabulary differs from the one the index's term ids come from, or (when adding
/// to an index) it is another model than the one that built it. The message names both sides and what to do.
/// </summary>
public sealed class ModelMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelMismatchException(string message) : base(message) { }
}

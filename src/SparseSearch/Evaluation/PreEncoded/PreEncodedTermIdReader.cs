using SparseSearch.Encoding;

namespace SparseSearch.Evaluation.PreEncoded;

/// <summary>A pre-encoded sparse vector with its tokens already mapped to model vocabulary ids.</summary>
/// <param name="Id">Document or query id.</param>
/// <param name="Contents">The text, when the file carries it.</param>
/// <param name="Vector">Ascending term ids and their weights (zero weights dropped).</param>
public sealed record PreEncodedTermVector(string Id, string? Contents, SparseVector Vector);

/// <summary>
/// Reads sparse JsonVectorCollection files (format in <see cref="PreEncodedReader"/>) straight into
/// <see cref="SparseVector"/>s over a model vocabulary, for bulk indexing: tokens are looked up as character spans,
/// so no string is allocated per token. A token missing from the vocabulary is a bad line (the vectors would come
/// from another model), reported like every other format error.
/// </summary>
public static class PreEncodedTermIdReader
{
    /// <summary>Streams the file's vectors mapped through <paramref name="vocabulary"/> (token → id; must use ordinal comparison).</summary>
    public static IEnumerable<PreEncodedTermVector> Read(string path, Dictionary<string, int> vocabulary, BadLineHandler? onBadLine = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!vocabulary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup))
            throw new ArgumentException("The vocabulary dictionary must use an ordinal string comparer.", nameof(vocabulary));
        return Read(path, (ReadOnlySpan<char> token, out int id) => lookup.TryGetValue(token, out id), onBadLine);
    }

    /// <summary>Streams the file's vectors mapped through <paramref name="lookup"/> (e.g. a tokenizer's <c>TryGetId</c>).</summary>
    public static IEnumerable<PreEncodedTermVector> Read(string path, TokenIdLookup lookup, BadLineHandler? onBadLine = null) =>
        new TermIdLineParser(lookup).ReadFile(path, onBadLine);
}

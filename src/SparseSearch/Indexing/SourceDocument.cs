using SparseSearch.Encoding;

namespace SparseSearch.Indexing;

/// <summary>One document read from the input, before encoding.</summary>
/// <param name="Line">1-based line number in the input file.</param>
/// <param name="Id">External id.</param>
/// <param name="Title">Title ("" when absent).</param>
/// <param name="Text">Body text ("" when absent).</param>
/// <param name="PreSparse">The sparse vector when the input is pre-encoded, else null (the model encodes the text).</param>
/// <param name="PreDense">The dense vector when a pre-encoded dense file supplies it, else null.</param>
public sealed record SourceDocument(long Line, string Id, string Title, string Text, SparseVector? PreSparse = null, float[]? PreDense = null)
{
    /// <summary>The text the models encode: title and body joined by one space (as BEIR and the reference stack do).</summary>
    public string FullText => Title.Length == 0 ? Text : Text.Length == 0 ? Title : Title + " " + Text;

    /// <summary>True when there is no text at all.</summary>
    public bool IsEmpty => Title.Length == 0 && Text.Length == 0;
}

/// <summary>One input line's outcome: a document, or a skip with its reason.</summary>
public readonly record struct CorpusEntry(long Line, SourceDocument? Document, SkippedLine? Skipped);

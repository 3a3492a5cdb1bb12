namespace SparseSearch.Indexing;

/// <summary>
/// Which JSON fields of a corpus line hold the id, title and text. The defaults read BEIR's <c>corpus.jsonl</c>
/// (<c>_id</c>, <c>title</c>, <c>text</c>) and also plain JSONL with <c>id</c>: when <see cref="IdField"/> is null the
/// reader takes <c>_id</c>, else <c>id</c>.
/// </summary>
public sealed record CorpusFields
{
    /// <summary>Id field; null = <c>_id</c> or, when absent, <c>id</c>. Strings and numbers (taken verbatim) are accepted.</summary>
    public string? IdField { get; init; }

    /// <summary>Optional title field (absent or null = no title).</summary>
    public string TitleField { get; init; } = "title";

    /// <summary>Text field (absent or null = empty text, counted as an empty document).</summary>
    public string TextField { get; init; } = "text";

    /// <summary>BEIR's layout.</summary>
    public static CorpusFields Beir { get; } = new();
}

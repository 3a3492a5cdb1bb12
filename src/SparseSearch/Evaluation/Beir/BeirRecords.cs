namespace SparseSearch.Evaluation.Beir;

/// <summary>One corpus document of a BEIR dataset.</summary>
/// <param name="Id">The external document id (<c>_id</c>).</param>
/// <param name="Title">The title, empty when absent.</param>
/// <param name="Text">The body text.</param>
public sealed record BeirDocument(string Id, string Title, string Text)
{
    /// <summary>The text a model encodes: title and body joined by one space (as BEIR and the reference stack do).</summary>
    public string FullText => Title.Length == 0 ? Text : Text.Length == 0 ? Title : Title + " " + Text;
}

/// <summary>One query of a BEIR dataset.</summary>
/// <param name="Id">The query id (<c>_id</c>).</param>
/// <param name="Text">The query text.</param>
public sealed record BeirQuery(string Id, string Text);

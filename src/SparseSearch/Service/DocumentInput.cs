namespace SparseSearch.Service;

/// <summary>A document sent for indexing: the service encodes title + text with the index's own models.</summary>
/// <param name="Id">External id (non-empty); an existing document with this id is replaced.</param>
/// <param name="Title">Title, optional.</param>
/// <param name="Text">Body text, optional (but title and text may not both be empty).</param>
/// <param name="Metadata">Any JSON, stored verbatim and returned by get; optional.</param>
public sealed record DocumentInput(string Id, string? Title, string? Text, string? Metadata = null)
{
    /// <summary>The text the models encode: title and text joined by one space, as the bulk indexer does.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string FullText
    {
        get
        {
            string t = Title ?? "", x = Text ?? "";
            return t.Length == 0 ? x : x.Length == 0 ? t : t + " " + x;
        }
    }
}

/// <summary>What a bulk upsert did.</summary>
/// <param name="Upserted">Documents written (duplicates within the batch count once each; the last one wins).</param>
/// <param name="Truncated">Documents the model cut at its maximum length (indexed from their beginning).</param>
/// <param name="EncodeMs">Time in the models.</param>
/// <param name="WriteMs">Time applying the batch to the writer.</param>
public sealed record UpsertResult(int Upserted, int Truncated, double EncodeMs, double WriteMs);

/// <summary>A stored document, as the searchable snapshot holds it.</summary>
/// <param name="Id">External id.</param>
/// <param name="Title">Stored title.</param>
/// <param name="Text">Stored text.</param>
/// <param name="Metadata">Stored metadata JSON, if any.</param>
/// <param name="Generation">Commit generation of the snapshot it was read from.</param>
public sealed record StoredDocumentView(string Id, string? Title, string? Text, string? Metadata, long Generation);

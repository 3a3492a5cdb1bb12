using SparseSearch.Index;
using SparseSearch.Search.Query;

namespace SparseSearch.Service;

/// <summary>
/// Turns <see cref="DocumentInput"/>s into <see cref="IndexDocument"/>s with the index's own models: the SPLADE
/// vector always, the dense vector when the index has a dense field. Runs chunk by chunk so one bulk request never
/// holds more than one chunk of model activations.
/// </summary>
internal sealed class DocumentEncoder(SearchModels models, IndexSchema schema, int chunkDocuments, string? refusal)
{
    /// <summary>Why writes are impossible with these models, or null when they are possible.</summary>
    public string? Unavailable =>
        models.Sparse is null ? "No sparse model is loaded for this index, so documents cannot be encoded."
        : schema.DenseDimension > 0 && models.Dense is null ? $"The index has a {schema.DenseDimension}-dimensional dense field but no dense model is loaded, so documents cannot be encoded."
        : refusal;

    public IndexDocument[] Encode(IReadOnlyList<DocumentInput> inputs, out int truncated, CancellationToken cancellation)
    {
        if (Unavailable is { } why) throw new ServiceUnavailableException(why);
        var result = new IndexDocument[inputs.Count];
        truncated = 0;
        for (int start = 0; start < inputs.Count; start += chunkDocuments)
        {
            cancellation.ThrowIfCancellationRequested();
            int n = Math.Min(chunkDocuments, inputs.Count - start);
            var texts = new string[n];
            for (int i = 0; i < n; i++) texts[i] = inputs[start + i].FullText;
            var sparse = models.Sparse!.Encode(texts);
            var dense = schema.DenseDimension > 0 ? models.Dense!.Encode(texts) : null;
            for (int i = 0; i < n; i++)
            {
                var d = inputs[start + i];
                bool cut = sparse[i].Truncated || (dense is not null && dense[i].Truncated);
                if (cut) truncated++;
                result[start + i] = new IndexDocument(d.Id, sparse[i].Vector, d.Title, d.Text, d.Metadata, dense?[i].Vector);
            }
        }
        return result;
    }
}

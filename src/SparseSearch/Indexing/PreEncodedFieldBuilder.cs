namespace SparseSearch.Indexing;

/// <summary>Takes the vectors a <see cref="PreEncodedSource"/> read (no model runs).</summary>
public sealed class PreEncodedFieldBuilder : IDocumentFieldBuilder
{
    /// <inheritdoc />
    public string Name => "pre-encoded";

    /// <inheritdoc />
    public void Build(IReadOnlyList<SourceDocument> documents, DocumentFields[] fields, CancellationToken cancellation)
    {
        for (int i = 0; i < documents.Count; i++)
        {
            if (documents[i].PreSparse is { } s) fields[i].Sparse = s;
            if (documents[i].PreDense is { } d) fields[i].Dense = d;
        }
    }
}

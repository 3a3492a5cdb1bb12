using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Search.Query;

namespace SparseSearch.Service;

/// <summary>
/// Decides whether the loaded models may encode new documents into an index: only the very models that built it
/// (same ONNX graph checksum and vocabulary, as <see cref="ModelCompatibility.RequireSameModels"/> rules for the bulk
/// indexer), since vectors of two models are not comparable even over one vocabulary. Searches are not affected.
/// </summary>
internal static class WriteModelCheck
{
    /// <summary>Why writes must be refused, or null when they may proceed.</summary>
    public static string? Refusal(string directory, IndexSchema schema, IReadOnlyDictionary<string, string> userData, SearchModels models)
    {
        if (models.Sparse is null) return null; // DocumentEncoder reports the missing model itself
        var recorded = ModelCompatibility.ReadSparse(userData);
        if (recorded is null) return null; // no identity recorded: the vocabulary check at model load is all there is
        if (recorded.IsPreEncoded)
            return $"The index holds vectors imported pre-encoded ({recorded}); the server cannot tell whether its model encodes documents the same way, so it takes no document writes. Import new documents with `sparsesearch index --pre-encoded`.";
        var m = models.Sparse.Model;
        var sparse = ModelIdentity.OfModel(Path.GetFileName(Path.TrimEndingDirectorySeparator(m.Folder)), m.Session.ModelPath, m.Tokenizer);
        ModelIdentity? dense = null;
        if (schema.DenseDimension > 0 && models.Dense is { } d)
            dense = ModelIdentity.OfModel(Path.GetFileName(Path.TrimEndingDirectorySeparator(d.Model.Folder)), d.Model.Session.ModelPath, d.Model.Tokenizer);
        try
        {
            ModelCompatibility.RequireSameModels(directory, schema, userData, sparse, dense);
            return null;
        }
        catch (SparseSearch.Indexing.ModelMismatchException e)
        {
            return e.Message + " The server takes no document writes for this index (searches are unaffected).";
        }
    }
}

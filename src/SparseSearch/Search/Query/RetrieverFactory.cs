using SparseSearch.Encoding;

namespace SparseSearch.Search.Query;

/// <summary>Builds the retriever of one mode for one request, or says clearly why the index cannot serve it.</summary>
internal static class RetrieverFactory
{
    public static IRetriever Create(QueryMode mode, EngineSnapshot snapshot, SearchModels models, SearchRequest request)
    {
        var schema = snapshot.Snapshot.Schema;
        switch (mode)
        {
            case QueryMode.Sparse:
            {
                var encoder = models.Sparse ?? throw new ModeNotSupportedException(mode,
                    "no SPLADE query model is loaded (give the sparse model folder, e.g. --sparse-model onnx-models/splade-tiny).");
                return new ImpactRetriever("sparse", snapshot, q => encoder.Encode(q).Vector, request, models.Tokenizer);
            }
            case QueryMode.InferenceFree:
            {
                if (request.IdfSource == IdfSource.Model)
                {
                    var idf = models.Idf ?? throw new ModeNotSupportedException(mode,
                        "no idf.json is loaded (give --idf FILE, e.g. onnx-models/opensearch-idf/idf.json, or use the index's own idf).");
                    return new ImpactRetriever("inference-free", snapshot, idf.Encode, request, models.Tokenizer);
                }
                var tokenizer = models.Tokenizer ?? throw new ModeNotSupportedException(mode,
                    "no tokenizer for the index's vocabulary is loaded (give the sparse model folder or a tokenizer.json).");
                return new ImpactRetriever("inference-free", snapshot, q => IndexIdfQueryEncoder.Encode(tokenizer, snapshot.IndexIdf, q), request, tokenizer);
            }
            case QueryMode.Bm25:
                return new Bm25Retriever(snapshot, snapshot.Bm25 ?? throw new ModeNotSupportedException(mode,
                    "this index has no BM25 text field (build it with the BM25 field enabled, e.g. sparsesearch index --bm25)."));
            case QueryMode.Dense:
            {
                if (schema.DenseDimension == 0)
                    throw new ModeNotSupportedException(mode, "this index has no dense vector field (index it with a dense model).");
                var encoder = models.Dense ?? throw new ModeNotSupportedException(mode,
                    $"no dense query model is loaded (give the dense model folder{(schema.DenseModel is null ? "" : ", the index was built with " + schema.DenseModel)}).");
                return new DenseRetriever(snapshot, encoder, request);
            }
            default:
                throw new InvalidSearchRequestException("mode", $"{QueryModeNames.Format(mode)} is not a single retriever.");
        }
    }
}

using SparseSearch.Index;

namespace SparseSearch.Search.Query;

/// <summary>
/// Where the query-time models of an index live. Any may be null: the mode that needs it is then unavailable
/// (with a clear error). <see cref="Resolve"/> fills the gaps from the index's records.
/// </summary>
public sealed record ModelPaths
{
    /// <summary>User-data key under which an indexer may record the sparse model folder it used.</summary>
    public const string SparseModelKey = "sparse_model_path";

    /// <summary>User-data key under which an indexer may record the dense model folder it used.</summary>
    public const string DenseModelKey = "dense_model_path";

    /// <summary>User-data key under which an indexer may record the idf.json for inference-free queries.</summary>
    public const string IdfFileKey = "idf_path";

    /// <summary>SPLADE model folder (model.json, model.onnx, tokenizer.json): sparse mode and explanations.</summary>
    public string? SparseModel { get; init; }

    /// <summary>Dense model folder: dense mode.</summary>
    public string? DenseModel { get; init; }

    /// <summary>An OpenSearch idf.json: inference-free mode with model idf.</summary>
    public string? IdfFile { get; init; }

    /// <summary>The tokenizer.json for inference-free queries and explanations when no sparse model is loaded
    /// (default: tokenizer.json beside the idf file, else the sparse model's).</summary>
    public string? Tokenizer { get; init; }

    /// <summary>
    /// Fills each unset path, in order: the folder recorded in the commit's user data (<see cref="SparseModelKey"/>,
    /// <see cref="DenseModelKey"/>, <see cref="IdfFileKey"/>); else, under <paramref name="modelsRoot"/>, the folder
    /// named like the schema's model (<c>splade-tiny</c>, <c>all-MiniLM-L6-v2</c>) and <c>opensearch-idf/idf.json</c>.
    /// Only paths that exist are filled.
    /// </summary>
    public ModelPaths Resolve(IndexSchema schema, IReadOnlyDictionary<string, string> userData, string? modelsRoot)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(userData);
        string? FromRecord(string key, bool directory) =>
            userData.TryGetValue(key, out var p) && (directory ? Directory.Exists(p) : File.Exists(p)) ? p : null;
        string? Under(string? name, bool directory)
        {
            if (modelsRoot is null || string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0) return null;
            var p = Path.Combine(modelsRoot, name);
            return (directory ? Directory.Exists(p) : File.Exists(p)) ? p : null;
        }
        static string? DefaultIdf(string? root)
        {
            if (root is null) return null;
            var p = Path.Combine(root, "opensearch-idf", "idf.json");
            return File.Exists(p) ? p : null;
        }
        return this with
        {
            SparseModel = SparseModel ?? FromRecord(SparseModelKey, true) ?? Under(schema.SparseModel, true),
            DenseModel = DenseModel ?? (schema.DenseDimension > 0 ? FromRecord(DenseModelKey, true) ?? Under(schema.DenseModel, true) : null),
            IdfFile = IdfFile ?? FromRecord(IdfFileKey, false) ?? DefaultIdf(modelsRoot),
        };
    }

    /// <summary>A copy that keeps only the ONNX models <paramref name="retrievers"/> need (the idf file and tokenizer
    /// are kept: they are cheap and serve explanations), so a command line loads no model it will not run.</summary>
    public ModelPaths OnlyFor(IReadOnlyList<RetrieverSpec> retrievers)
    {
        ArgumentNullException.ThrowIfNull(retrievers);
        bool sparse = false, dense = false;
        foreach (var r in retrievers)
        {
            sparse |= r.Mode == QueryMode.Sparse;
            dense |= r.Mode == QueryMode.Dense;
        }
        return this with { SparseModel = sparse ? SparseModel : null, DenseModel = dense ? DenseModel : null };
    }
}

using SparseSearch.Encoding;
using SparseSearch.Index;
using SparseSearch.Indexing;
using SparseSearch.Onnx;
using SparseSearch.Text;

namespace SparseSearch.Search.Query;

/// <summary>
/// The query-time models of one index, loaded once and shared by every search (the encoders are thread-safe):
/// the SPLADE encoder, the dense encoder, the idf table for inference-free queries and the tokenizer that turns
/// term ids back into tokens. Each is checked against the index when loaded and refused with
/// <see cref="ModelMismatchException"/> when its vocabulary or dimension does not match.
/// </summary>
/// <remarks>
/// Compatibility rule: every tokenizer (SPLADE query model, idf tokenizer) must pass
/// <see cref="ModelCompatibility.RequireQueryVocabulary"/> (same vocabulary size and checksum as the index's term ids,
/// the one rule shared with the indexer); the dense model's dimension must equal <see cref="IndexSchema.DenseDimension"/>.
/// </remarks>
public sealed class SearchModels : IDisposable
{
    private readonly QueryEncodingCache<SparseVector> _sparseCache;
    private readonly QueryEncodingCache<float[]> _denseCache;

    private SearchModels(SpladeEncoder? sparse, DenseEncoder? dense, IdfQueryEncoder? idf, WordPieceTokenizer? tokenizer, int cacheCapacity)
    {
        Sparse = sparse;
        Dense = dense;
        Idf = idf;
        Tokenizer = tokenizer;
        _sparseCache = new(cacheCapacity);
        _denseCache = new(cacheCapacity);
    }

    /// <summary>The query's SPLADE vector (from the cache when enabled).</summary>
    internal SparseVector EncodeSparse(string query) =>
        _sparseCache.GetOrEncode(query, q => (Sparse ?? throw new InvalidOperationException("No SPLADE model loaded.")).Encode(q).Vector);

    /// <summary>The query's dense vector (from the cache when enabled).</summary>
    internal float[] EncodeDense(string query) =>
        _denseCache.GetOrEncode(query, q => (Dense ?? throw new InvalidOperationException("No dense model loaded.")).Encode(q).Vector);

    /// <summary>The SPLADE query encoder (null = sparse mode unavailable).</summary>
    public SpladeEncoder? Sparse { get; }

    /// <summary>The dense query encoder (null = dense mode unavailable).</summary>
    public DenseEncoder? Dense { get; }

    /// <summary>The model-idf inference-free encoder (null = only index idf is available).</summary>
    public IdfQueryEncoder? Idf { get; }

    /// <summary>The sparse vocabulary's tokenizer (null = inference-free and explanations' tokens unavailable).</summary>
    public WordPieceTokenizer? Tokenizer { get; }

    /// <summary>Loads the models at <paramref name="paths"/> and checks each against <paramref name="schema"/>.</summary>
    /// <exception cref="ModelMismatchException">A model's vocabulary or dimension does not match the index.</exception>
    /// <exception cref="ModelFormatException">A model folder or file is missing or malformed.</exception>
    /// <param name="environment">ONNX Runtime (needed when a model folder is given).</param>
    /// <param name="schema">The index schema the models must fit.</param>
    /// <param name="paths">Which models to load.</param>
    /// <param name="options">Encoder settings (default: one intra-op thread per run).</param>
    /// <param name="queryCacheCapacity">Model query encodings kept by query text (0 = no cache; a cached query's
    /// encode time is then ~0, so leave it off when measuring encoding).</param>
    public static SearchModels Load(OrtEnvironment? environment, IndexSchema schema, ModelPaths paths, EncoderOptions? options = null, int queryCacheCapacity = 0)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(paths);
        if ((paths.SparseModel is not null || paths.DenseModel is not null) && environment is null)
            throw new ArgumentNullException(nameof(environment), "Loading an ONNX model needs an ONNX Runtime environment.");
        // Queries are short and arrive one at a time: one intra-op thread per run keeps a server's cores for concurrency.
        options ??= new EncoderOptions { IntraOpThreads = 1 };
        SpladeEncoder? sparse = null;
        DenseEncoder? dense = null;
        try
        {
            WordPieceTokenizer? tokenizer = null;
            if (paths.SparseModel is not null)
            {
                sparse = SpladeEncoder.Open(environment!, paths.SparseModel, options);
                CheckVocabulary(schema, sparse.Model.Tokenizer, sparse.Model.TokenizerPath);
                tokenizer = sparse.Model.Tokenizer;
            }
            if (paths.DenseModel is not null)
            {
                if (schema.DenseDimension == 0)
                    throw new ModelMismatchException($"The index has no dense vector field; the dense model {paths.DenseModel} cannot be used with it.");
                dense = DenseEncoder.Open(environment!, paths.DenseModel, options);
                if (dense.Dimension != schema.DenseDimension)
                    throw new ModelMismatchException(
                        $"The dense model {paths.DenseModel} makes {dense.Dimension}-dimensional vectors; the index stores {schema.DenseDimension} (built with {schema.DenseModel ?? "an unnamed model"}).");
            }
            string? tokenizerPath = paths.Tokenizer;
            if (tokenizerPath is null && tokenizer is null && paths.IdfFile is not null)
            {
                var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths.IdfFile))!, "tokenizer.json");
                if (File.Exists(beside)) tokenizerPath = beside;
            }
            if (tokenizerPath is not null)
            {
                var t = WordPieceTokenizer.FromFile(tokenizerPath);
                CheckVocabulary(schema, t, tokenizerPath);
                tokenizer ??= t;
            }
            IdfQueryEncoder? idf = null;
            if (paths.IdfFile is not null)
            {
                if (tokenizer is null)
                    throw new ModelFormatException(paths.IdfFile, $"{paths.IdfFile}: an idf file needs a tokenizer (a sparse model folder or a tokenizer.json beside it).");
                idf = IdfQueryEncoder.Load(paths.IdfFile, tokenizer);
            }
            return new SearchModels(sparse, dense, idf, tokenizer, queryCacheCapacity);
        }
        catch
        {
            sparse?.Dispose();
            dense?.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a tokenizer whose vocabulary is not the index's (and an index without a sparse field).</summary>
    public static void CheckVocabulary(IndexSchema schema, WordPieceTokenizer tokenizer, string path)
    {
        if (schema.VocabSize == 0)
            throw new ModelMismatchException($"The index has no learned-sparse field (BM25 only); the model or tokenizer {path} cannot be used with it.");
        ModelCompatibility.RequireQueryVocabulary(schema, tokenizer, path);
    }

    /// <summary>Releases the ONNX sessions.</summary>
    public void Dispose()
    {
        Sparse?.Dispose();
        Dense?.Dispose();
    }
}

using SparseSearch.Encoding;
using SparseSearch.Index;
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
/// Compatibility rule (until the indexing side's ModelCompatibility exists, this is the check): the tokenizer's
/// vocabulary size must equal the schema's <see cref="IndexSchema.VocabSize"/>, and when the schema records a
/// <see cref="IndexSchema.SparseModelChecksum"/> it must equal the tokenizer's
/// <see cref="WordPieceTokenizer.VocabularyChecksum"/>; the dense model's dimension must equal
/// <see cref="IndexSchema.DenseDimension"/>.
/// </remarks>
public sealed class SearchModels : IDisposable
{
    private SearchModels(SpladeEncoder? sparse, DenseEncoder? dense, IdfQueryEncoder? idf, WordPieceTokenizer? tokenizer)
    {
        Sparse = sparse;
        Dense = dense;
        Idf = idf;
        Tokenizer = tokenizer;
    }

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
    public static SearchModels Load(OrtEnvironment? environment, IndexSchema schema, ModelPaths paths, EncoderOptions? options = null)
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
                    throw new ModelMismatchException(paths.DenseModel, $"The index has no dense vector field; the dense model {paths.DenseModel} cannot be used with it.");
                dense = DenseEncoder.Open(environment!, paths.DenseModel, options);
                if (dense.Dimension != schema.DenseDimension)
                    throw new ModelMismatchException(paths.DenseModel,
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
            return new SearchModels(sparse, dense, idf, tokenizer);
        }
        catch
        {
            sparse?.Dispose();
            dense?.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a tokenizer whose vocabulary is not the index's.</summary>
    public static void CheckVocabulary(IndexSchema schema, WordPieceTokenizer tokenizer, string path)
    {
        if (tokenizer.VocabSize != schema.VocabSize)
            throw new ModelMismatchException(path,
                $"{path} has a vocabulary of {tokenizer.VocabSize} tokens; the index was built over {schema.VocabSize} (model {schema.SparseModel ?? "unnamed"}). Term ids would not line up: use the index's model.");
        if (schema.SparseModelChecksum is { Length: > 0 } expected && !string.Equals(expected, tokenizer.VocabularyChecksum, StringComparison.OrdinalIgnoreCase))
            throw new ModelMismatchException(path,
                $"{path} has vocabulary checksum {tokenizer.VocabularyChecksum}; the index was built with {schema.SparseModel ?? "a model"} whose vocabulary checksum is {expected}. Use the index's model.");
    }

    /// <summary>Releases the ONNX sessions.</summary>
    public void Dispose()
    {
        Sparse?.Dispose();
        Dense?.Dispose();
    }
}

using System.Globalization;
using SparseSearch.Index;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// The one place that decides whether a model may be used with an index. Shared by the bulk indexer and the query
/// engine.
/// </summary>
/// <remarks>
/// <para><b>What an index records.</b> The pipeline writes into the <see cref="IndexSchema"/>:
/// <see cref="IndexSchema.SparseModel"/> = the sparse model's name and <see cref="IndexSchema.SparseModelChecksum"/> =
/// its <b>vocabulary checksum</b> (term ids mean something only with that vocabulary); and into every commit's user data
/// (keys below) the full <see cref="ModelIdentity"/> of the sparse and, if any, dense model: name, SHA-256 of model.onnx
/// (or "pre-encoded"), vocabulary size and checksum.</para>
/// <para><b>Queries</b> (<see cref="RequireQueryVocabulary"/>): a query encoder (SPLADE query model, inference-free idf
/// tokenizer) may search the index iff its tokenizer vocabulary has the same size and checksum. Another model with the
/// same vocabulary is allowed (e.g. a doc-only model's query tokenizer).</para>
/// <para><b>Indexing into an existing index</b> (<see cref="RequireSameModels"/>): the model must be the very same
/// (same graph checksum), because vectors of two models are not comparable even over one vocabulary.</para>
/// </remarks>
public static class ModelCompatibility
{
    /// <summary>User-data key prefix of the sparse model's identity.</summary>
    public const string SparsePrefix = "model.sparse.";

    /// <summary>User-data key prefix of the dense model's identity.</summary>
    public const string DensePrefix = "model.dense.";

    /// <summary>Writes the identities into commit user data.</summary>
    public static void Record(ModelIdentity? sparse, ModelIdentity? dense, IDictionary<string, string> userData)
    {
        ArgumentNullException.ThrowIfNull(userData);
        if (sparse is not null) Write(SparsePrefix, sparse, userData);
        if (dense is not null) Write(DensePrefix, dense, userData);
    }

    /// <summary>Reads the sparse model identity from commit user data (null if the index was not built by the pipeline).</summary>
    public static ModelIdentity? ReadSparse(IReadOnlyDictionary<string, string> userData) => Read(SparsePrefix, userData);

    /// <summary>Reads the dense model identity from commit user data (null when there is none).</summary>
    public static ModelIdentity? ReadDense(IReadOnlyDictionary<string, string> userData) => Read(DensePrefix, userData);

    /// <summary>Schema for a new index built from these models (no sparse model = vocabulary size 0: a BM25-only index).</summary>
    public static IndexSchema Schema(ModelIdentity? sparse, ModelIdentity? dense, int denseDimension, float? impactScale, Bm25FieldSchema? bm25 = null) => new()
    {
        VocabSize = sparse?.VocabSize ?? 0,
        SparseModel = sparse?.Name,
        SparseModelChecksum = sparse?.VocabularyChecksum,
        DenseDimension = dense is null ? 0 : denseDimension,
        DenseModel = dense?.Name,
        ImpactScale = impactScale,
        Bm25 = bm25,
    };

    /// <summary>
    /// Throws unless <paramref name="queryTokenizer"/> has the vocabulary the index's term ids come from.
    /// </summary>
    /// <param name="schema">The index schema (from a snapshot or <see cref="IndexReader.ReadLatestCommit"/>).</param>
    /// <param name="queryTokenizer">The query encoder's tokenizer.</param>
    /// <param name="queryModelName">Name of the query model, for the message.</param>
    /// <exception cref="ModelMismatchException">The vocabularies differ (size or checksum).</exception>
    public static void RequireQueryVocabulary(IndexSchema schema, WordPieceTokenizer queryTokenizer, string queryModelName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(queryTokenizer);
        if (schema.VocabSize != queryTokenizer.VocabSize
            || (schema.SparseModelChecksum is { } sum && !string.Equals(sum, queryTokenizer.VocabularyChecksum, StringComparison.Ordinal)))
            throw new ModelMismatchException(
                $"The index was built with {schema.SparseModel ?? "an unnamed model"} (vocabulary of {schema.VocabSize} tokens, checksum {schema.SparseModelChecksum ?? "unknown"}), " +
                $"but the query model {queryModelName} has another vocabulary ({queryTokenizer.VocabSize} tokens, checksum {queryTokenizer.VocabularyChecksum}, from {queryTokenizer.SourcePath}). " +
                "Term ids would mean different words: use a query model with the index's vocabulary, or rebuild the index.");
    }

    /// <summary>
    /// Throws unless the models about to add documents are those recorded in the index (same name is not required,
    /// same graph checksum and vocabulary are; a dense field must be present on both sides or neither).
    /// </summary>
    /// <exception cref="ModelMismatchException">Another model built the index; the message names both.</exception>
    public static void RequireSameModels(string indexDirectory, IndexSchema schema, IReadOnlyDictionary<string, string> userData,
        ModelIdentity? sparse, ModelIdentity? dense)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(userData);
        var recorded = ReadSparse(userData);
        if (sparse is null || schema.VocabSize == 0)
        {
            if (sparse is not null || schema.VocabSize != 0)
                throw new ModelMismatchException(sparse is null
                    ? $"The index in {indexDirectory} has a learned sparse field built with {recorded?.ToString() ?? schema.SparseModel ?? "a sparse model"}; this run gives no sparse model (pass the same --sparse-model, or --restart)."
                    : $"The index in {indexDirectory} has no learned sparse field (BM25 only); this run adds the sparse model {sparse} (use --sparse-model none, or --restart).");
        }
        else if (recorded is null)
        {
            if (schema.VocabSize != sparse.VocabSize || (schema.SparseModelChecksum is { } sum && sum != sparse.VocabularyChecksum))
                throw new ModelMismatchException($"The index in {indexDirectory} was built with {schema.SparseModel ?? "an unnamed model"} " +
                    $"(vocabulary {schema.VocabSize} tokens, checksum {schema.SparseModelChecksum ?? "unknown"}); the sparse model {sparse} has another vocabulary.");
        }
        else if (recorded.GraphSha256 != sparse.GraphSha256 || recorded.VocabularyChecksum != sparse.VocabularyChecksum)
        {
            throw new ModelMismatchException($"The index in {indexDirectory} was built with the sparse model {recorded}; " +
                $"this run uses {sparse}. Vectors of different models cannot share an index: use the same model, " +
                "another index directory, or --restart to rebuild this one.");
        }
        var recordedDense = ReadDense(userData);
        if ((recordedDense is null) != (dense is null) || (schema.DenseDimension > 0) != (dense is not null))
            throw new ModelMismatchException(dense is null
                ? $"The index in {indexDirectory} has a dense field built with {recordedDense?.ToString() ?? schema.DenseModel ?? "a dense model"}; this run gives no dense model (pass the same --dense-model, or --restart)."
                : $"The index in {indexDirectory} has no dense field; this run adds the dense model {dense} (drop --dense-model, or --restart to rebuild).");
        if (recordedDense is not null && dense is not null && (recordedDense.GraphSha256 != dense.GraphSha256 || recordedDense.VocabularyChecksum != dense.VocabularyChecksum))
            throw new ModelMismatchException($"The index in {indexDirectory} was built with the dense model {recordedDense}; this run uses {dense}. " +
                "Use the same model, another index directory, or --restart.");
    }

    private static void Write(string prefix, ModelIdentity id, IDictionary<string, string> data)
    {
        data[prefix + "name"] = id.Name;
        data[prefix + "sha256"] = id.GraphSha256;
        data[prefix + "vocab_checksum"] = id.VocabularyChecksum;
        data[prefix + "vocab_size"] = id.VocabSize.ToString(CultureInfo.InvariantCulture);
    }

    private static ModelIdentity? Read(string prefix, IReadOnlyDictionary<string, string> data)
    {
        if (!data.TryGetValue(prefix + "name", out var name) || !data.TryGetValue(prefix + "sha256", out var sha)
            || !data.TryGetValue(prefix + "vocab_checksum", out var vocab) || !data.TryGetValue(prefix + "vocab_size", out var size)
            || !int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            return null;
        return new ModelIdentity(name, sha, vocab, n);
    }
}

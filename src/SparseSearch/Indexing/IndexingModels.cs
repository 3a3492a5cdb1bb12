using SparseSearch.Encoding;
using SparseSearch.Onnx;
using SparseSearch.Text;

namespace SparseSearch.Indexing;

/// <summary>
/// The models of one indexing run, opened from their folders: tokenizers, encoders, identities, and the field builders
/// that use them. Owns the encoders.
/// </summary>
public sealed class IndexingModels : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    private IndexingModels() { }

    /// <summary>The sparse model's tokenizer (also the vocabulary pre-encoded tokens are mapped with); null without a sparse model.</summary>
    public required WordPieceTokenizer? SparseTokenizer { get; init; }

    /// <summary>Identity recorded for the sparse field (null = no learned sparse field).</summary>
    public required ModelIdentity? SparseIdentity { get; init; }

    /// <summary>The live SPLADE encoder (null for a pre-encoded import).</summary>
    public SpladeEncoder? Splade { get; private init; }

    /// <summary>The dense encoder, if a dense model was given.</summary>
    public DenseEncoder? Dense { get; private init; }

    /// <summary>Identity recorded for the dense field.</summary>
    public ModelIdentity? DenseIdentity { get; private init; }

    /// <summary>Dense dimension (0 without a dense field).</summary>
    public int DenseDimension { get; private init; }

    /// <summary>Builders, sparse first.</summary>
    public required IReadOnlyList<IDocumentFieldBuilder> Builders { get; init; }

    /// <summary>
    /// Opens the models for live encoding: optionally a sparse model folder and a dense one (folders as given, already
    /// resolved with <see cref="ModelLocator"/> if wanted), plus a BM25 analysis builder when <paramref name="bm25"/> is set.
    /// </summary>
    public static IndexingModels ForLiveEncoding(OrtEnvironment? environment, string? sparseFolder, string? denseFolder, EncoderOptions? options = null,
        SparseSearch.Index.Bm25FieldSchema? bm25 = null)
    {
        var owned = new List<IDisposable>();
        try
        {
            var builders = new List<IDocumentFieldBuilder>();
            SpladeEncoder? splade = null;
            ModelIdentity? sparseId = null;
            if (sparseFolder is not null)
            {
                ArgumentNullException.ThrowIfNull(environment);
                splade = SpladeEncoder.Open(environment, sparseFolder, options);
                owned.Add(splade);
                sparseId = ModelIdentity.OfModel(Name(sparseFolder), splade.Model.Session.ModelPath, splade.Model.Tokenizer);
                builders.Add(new SparseModelFieldBuilder(splade));
            }
            DenseEncoder? dense = null;
            ModelIdentity? denseId = null;
            if (denseFolder is not null)
            {
                ArgumentNullException.ThrowIfNull(environment);
                dense = DenseEncoder.Open(environment, denseFolder, options);
                owned.Add(dense);
                denseId = ModelIdentity.OfModel(Name(denseFolder), dense.Model.Session.ModelPath, dense.Model.Tokenizer);
                builders.Add(new DenseModelFieldBuilder(dense));
            }
            if (bm25 is not null) builders.Add(new Bm25FieldBuilder(bm25));
            var models = new IndexingModels
            {
                SparseTokenizer = splade?.Model.Tokenizer, SparseIdentity = sparseId, Splade = splade, Dense = dense, DenseIdentity = denseId,
                DenseDimension = dense?.Dimension ?? 0, Builders = builders,
            };
            models._owned.AddRange(owned);
            return models;
        }
        catch
        {
            foreach (var d in owned) d.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For a pre-encoded import: only the sparse model's tokenizer vocabulary is loaded (no ONNX session), to map token
    /// strings to ids; when <paramref name="denseFolder"/> is given the dense field is encoded live from the
    /// <c>contents</c> (a pre-encoded dense file is handled by <see cref="PreEncodedSource"/> instead).
    /// </summary>
    public static IndexingModels ForPreEncoded(string sparseFolder, OrtEnvironment? environment = null, string? denseFolder = null, EncoderOptions? options = null,
        SparseSearch.Index.Bm25FieldSchema? bm25 = null)
    {
        var tokenizer = WordPieceTokenizer.FromFile(sparseFolder);
        var builders = new List<IDocumentFieldBuilder> { new PreEncodedFieldBuilder() };
        DenseEncoder? dense = null;
        ModelIdentity? denseId = null;
        if (denseFolder is not null)
        {
            ArgumentNullException.ThrowIfNull(environment);
            dense = DenseEncoder.Open(environment, denseFolder, options);
            try
            {
                denseId = ModelIdentity.OfModel(Name(denseFolder), dense.Model.Session.ModelPath, dense.Model.Tokenizer);
            }
            catch
            {
                dense.Dispose();
                throw;
            }
            builders.Add(new DenseModelFieldBuilder(dense));
        }
        if (bm25 is not null) builders.Add(new Bm25FieldBuilder(bm25));
        var models = new IndexingModels
        {
            SparseTokenizer = tokenizer, SparseIdentity = ModelIdentity.OfPreEncoded(Name(sparseFolder), tokenizer),
            Dense = dense, DenseIdentity = denseId, DenseDimension = dense?.Dimension ?? 0, Builders = builders,
        };
        if (dense is not null) models._owned.Add(dense);
        return models;
    }

    private static string Name(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    /// <summary>Releases the encoders.</summary>
    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }
}

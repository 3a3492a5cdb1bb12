using SparseSearch.Encoding;
using SparseSearch.Onnx;

namespace SparseSearch.Indexing;

/// <summary>
/// An <see cref="IndexingRequest"/> made ready to run: model folders resolved and opened, the input source built,
/// the impact scale of a pre-encoded import computed. Owns the models (and the ONNX environment when it created one).
/// </summary>
public sealed class IndexingJob : IDisposable
{
    private readonly IndexingModels _models;
    private readonly OrtEnvironment? _ownedEnvironment;

    private IndexingJob(IndexingModels models, IndexingOptions options, OrtEnvironment? ownedEnvironment)
    {
        _models = models;
        Options = options;
        _ownedEnvironment = ownedEnvironment;
    }

    /// <summary>The run settings.</summary>
    public IndexingOptions Options { get; }

    /// <summary>The opened models.</summary>
    public IndexingModels Models => _models;

    /// <summary>
    /// Checks the inputs and opens the models. <paramref name="environment"/> is used for model runs (one is created and
    /// owned by the job when null and a model must run).
    /// </summary>
    /// <exception cref="FileNotFoundException">The corpus or pre-encoded file is missing.</exception>
    /// <exception cref="DirectoryNotFoundException">A model folder is missing.</exception>
    /// <exception cref="ArgumentException">Inconsistent options (both or neither of corpus and pre-encoded...).</exception>
    public static IndexingJob Open(IndexingRequest request, OrtEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Corpus is null) == (request.PreEncoded is null))
            throw new ArgumentException("Give exactly one input: --corpus FILE (text to encode) or --pre-encoded FILE (vectors encoded elsewhere).");
        if (request.PreEncodedDense is not null && request.PreEncoded is null)
            throw new ArgumentException("--pre-encoded-dense needs --pre-encoded.");
        if (request.PreEncodedDense is not null && request.DenseModel is not null)
            throw new ArgumentException("Give either --pre-encoded-dense or --dense-model, not both.");
        string input = request.Corpus ?? request.PreEncoded!;
        if (!File.Exists(input))
            throw new FileNotFoundException($"Input file not found: {Path.GetFullPath(input)}", input);

        string? sparseFolder = request.SparseModel is null || request.SparseModel == IndexingRequest.NoModel ? null : ModelLocator.Resolve(request.SparseModel);
        if (sparseFolder is null && request.PreEncoded is not null)
            throw new ArgumentException("--pre-encoded needs --sparse-model: its tokenizer vocabulary maps the tokens to ids.");
        if (sparseFolder is null && !request.Bm25)
            throw new ArgumentException("Nothing to index: give a sparse model, or --bm25 (a dense field alone is not supported: the index needs a sparse or BM25 field).");
        var bm25 = request.Bm25 ? new SparseSearch.Index.Bm25FieldSchema() : null;
        string? denseFolder = request.DenseModel is null ? null : ModelLocator.Resolve(request.DenseModel);
        var defaults = new EncoderOptions();
        var encoderOptions = defaults with
        {
            TokenBudget = request.BatchTokens > 0 ? request.BatchTokens : defaults.TokenBudget,
            IntraOpThreads = request.Threads,
        };
        bool needsOrt = (request.Corpus is not null && sparseFolder is not null) || denseFolder is not null;
        OrtEnvironment? owned = null;
        if (needsOrt && environment is null) environment = owned = OrtEnvironment.Create();
        IndexingModels? models = null;
        try
        {
            IDocumentSource source;
            string kind;
            float? scale = request.ImpactScale;
            ModelIdentity? denseId;
            int denseDim;
            if (request.Corpus is not null)
            {
                models = IndexingModels.ForLiveEncoding(environment, sparseFolder, denseFolder, encoderOptions, bm25);
                source = new CorpusReader(request.Corpus, request.Fields);
                kind = "corpus";
                denseId = models.DenseIdentity;
                denseDim = models.DenseDimension;
            }
            else
            {
                models = IndexingModels.ForPreEncoded(sparseFolder!, environment, denseFolder, encoderOptions, bm25);
                var pre = new PreEncodedSource(request.PreEncoded!, models.SparseTokenizer!, request.PreEncodedDense);
                source = pre;
                kind = "pre-encoded";
                if (pre.DensePath is not null)
                {
                    denseId = new ModelIdentity(PreEncodedModelName(pre.DensePath), ModelIdentity.PreEncodedMarker, "", 0);
                    denseDim = pre.DenseDimension;
                }
                else
                {
                    denseId = models.DenseIdentity;
                    denseDim = models.DenseDimension;
                }
                if (scale is null && (request.Restart || !IndexTarget.IndexExists(Path.GetFullPath(request.IndexDirectory))))
                    scale = ImpactScales.ForMaxWeight(pre.MaxWeight());
            }
            var pipelineDefaults = new IndexingOptions
            {
                Source = source, InputKind = kind, IndexDirectory = request.IndexDirectory, Builders = [], SparseModel = models.SparseIdentity,
            };
            var options = pipelineDefaults with
            {
                Builders = models.Builders,
                DenseModel = denseId,
                DenseDimension = denseDim,
                ImpactScale = scale,
                Bm25 = bm25,
                CommitEveryDocuments = request.CommitEvery > 0 ? request.CommitEvery : pipelineDefaults.CommitEveryDocuments,
                ChunkDocuments = request.ChunkDocuments > 0 ? request.ChunkDocuments : pipelineDefaults.ChunkDocuments,
                Limit = request.Limit,
                Restart = request.Restart,
                EncodeOnly = request.EncodeOnly,
                OnSkipped = request.OnSkipped,
            };
            return new IndexingJob(models, options, owned);
        }
        catch
        {
            models?.Dispose();
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The model a pre-encoded vector file came from, by the naming of the encoded corpora (<c>MODEL.corpus.jsonl.gz</c>,
    /// <c>MODEL.jsonl</c>): recorded as the dense model's name so a query can find <c>onnx-models/MODEL</c> (whose
    /// dimension the engine still checks against the index).
    /// </summary>
    internal static string PreEncodedModelName(string path)
    {
        string name = Path.GetFileName(path);
        foreach (var suffix in (ReadOnlySpan<string>)[".gz", ".jsonl", ".json", ".corpus"])
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                name = name[..^suffix.Length];
        return name;
    }

    /// <summary>Runs the job once (see <see cref="IndexingRun"/>); the progress of the run can be observed through <paramref name="started"/>.</summary>
    public IndexingReport Run(CancellationToken stop = default, Action<IndexingRun>? started = null)
    {
        var run = new IndexingRun(Options);
        started?.Invoke(run);
        return run.Run(stop);
    }

    /// <summary>Releases the models (and the environment if the job created it).</summary>
    public void Dispose()
    {
        _models.Dispose();
        _ownedEnvironment?.Dispose();
    }
}

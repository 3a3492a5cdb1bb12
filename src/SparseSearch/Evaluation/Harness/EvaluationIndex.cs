using SparseSearch.Evaluation.Beir;
using SparseSearch.Indexing;

namespace SparseSearch.Evaluation.Harness;

/// <summary>How <see cref="EvaluationIndex.EnsureBuilt"/> builds a missing index.</summary>
public sealed record EvaluationIndexSource
{
    /// <summary>Sparse model folder (resolved with <see cref="ModelLocator"/>).</summary>
    public string SparseModel { get; init; } = IndexingRequest.DefaultSparseModel;

    /// <summary>Dense model folder; null = no dense field.</summary>
    public string? DenseModel { get; init; } = "onnx-models/all-MiniLM-L6-v2";

    /// <summary>Add the BM25 field (default yes: every mode then works on the one index).</summary>
    public bool Bm25 { get; init; } = true;

    /// <summary>
    /// A folder of vectors encoded elsewhere (as <c>../shared/data/scifact/encoded/</c>) to import instead of encoding
    /// the corpus: <c>&lt;sparse model name&gt;.corpus.jsonl.gz</c> (Anserini JsonVectorCollection) and, when a dense
    /// model is set, <c>&lt;dense model name&gt;.corpus.jsonl.gz</c>. Null = encode the corpus live.
    /// </summary>
    public string? PreEncoded { get; init; }

    /// <summary>Token budget per encoder batch (0 = the encoder's default).</summary>
    public int BatchTokens { get; init; }
}

/// <summary>
/// The index an evaluation runs on: reused when <c>--index</c> already holds a commit, otherwise built from the
/// dataset's corpus through the bulk indexing pipeline (<see cref="IndexingJob"/>), with every field the query modes
/// need (learned sparse, dense, BM25), so one index serves every mode of an evaluation.
/// </summary>
public static class EvaluationIndex
{
    /// <summary>Whether <paramref name="directory"/> holds a committed index.</summary>
    public static bool Exists(string directory)
    {
        if (!Directory.Exists(directory)) return false;
        foreach (var f in Directory.EnumerateFiles(directory, "commit_*"))
            if (!f.EndsWith(".tmp", StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// Builds the index of <paramref name="dataset"/> in <paramref name="directory"/> unless one is committed there,
    /// and finishes a build that was stopped part-way (its last commit records that the input was not all consumed).
    /// Returns the indexing report, or null when an existing index was reused.
    /// </summary>
    /// <param name="dataset">The dataset whose corpus is indexed.</param>
    /// <param name="directory">The index directory.</param>
    /// <param name="source">Models, fields and the optional pre-encoded folder.</param>
    /// <param name="started">Receives the run once it starts (for progress display).</param>
    /// <param name="stop">Stops the build after committing what is done (a rerun continues it).</param>
    /// <exception cref="FileNotFoundException">A pre-encoded vector file is missing.</exception>
    /// <exception cref="IndexingException">The build failed or was interrupted.</exception>
    public static IndexingReport? EnsureBuilt(BeirDataset dataset, string directory, EvaluationIndexSource source,
        Action<IndexingRun>? started = null, CancellationToken stop = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(source);
        if (Exists(directory) && !IsUnfinishedBuild(directory)) return null;
        IndexingRequest request;
        if (source.PreEncoded is { } folder)
        {
            string sparse = PreEncodedFile(folder, source.SparseModel);
            string? dense = source.DenseModel is null ? null : PreEncodedFile(folder, source.DenseModel);
            request = new IndexingRequest
            {
                PreEncoded = sparse, PreEncodedDense = dense, IndexDirectory = directory, SparseModel = source.SparseModel, Bm25 = source.Bm25,
            };
        }
        else
        {
            request = new IndexingRequest
            {
                Corpus = dataset.CorpusPath, IndexDirectory = directory, SparseModel = source.SparseModel, DenseModel = source.DenseModel,
                Bm25 = source.Bm25, BatchTokens = source.BatchTokens,
            };
        }
        using var job = IndexingJob.Open(request);
        var report = job.Run(stop, started);
        if (report.Outcome is not (IndexingOutcome.Completed or IndexingOutcome.AlreadyComplete))
            throw new IndexingException($"Building the index in {directory} stopped before the end ({report.Outcome}, {report.LinesDone} input lines committed); rerun to continue.");
        if (report.Run.Skipped > 0)
            throw new IndexingException($"Building the index in {directory} skipped {report.Run.Skipped} corpus lines{(report.Skipped.Count > 0 ? $" (first: line {report.Skipped[0].Line}, {report.Skipped[0].Message})" : "")}; an evaluation needs every document.");
        return report;
    }

    /// <summary>Whether the latest commit was made by a bulk indexing run that has not consumed its whole input.</summary>
    public static bool IsUnfinishedBuild(string directory)
    {
        var (_, data, _) = SparseSearch.Index.IndexReader.ReadLatestCommit(directory);
        return IndexingState.ReadFrom(data) is { Complete: false };
    }

    /// <summary>
    /// Checks that an index holds the whole corpus of <paramref name="dataset"/>: a reused index with fewer live
    /// documents (an interrupted build, a <c>--limit</c> run, another corpus) would silently lower every measure.
    /// </summary>
    /// <exception cref="IndexingException">The index holds fewer documents than the corpus.</exception>
    public static void RequireComplete(BeirDataset dataset, string directory, long liveDocuments)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long corpus = 0;
        foreach (var _ in dataset.ReadCorpus())
            corpus++;
        if (liveDocuments < corpus)
            throw new IndexingException($"The index in {directory} holds {liveDocuments} documents but {dataset.CorpusPath} has {corpus}: " +
                "it was built from another corpus or with --limit (finish it with `sparsesearch index` on the same input, or use a new --index).");
    }

    /// <summary>The pre-encoded corpus file of a model: <c>&lt;folder&gt;/&lt;model folder name&gt;.corpus.jsonl.gz</c> (or without .gz).</summary>
    public static string PreEncodedFile(string folder, string model)
    {
        string name = new DirectoryInfo(model.TrimEnd('/', '\\')).Name;
        foreach (var candidate in new[] { name + ".corpus.jsonl.gz", name + ".corpus.jsonl" })
        {
            string p = Path.Combine(folder, candidate);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException($"No pre-encoded vectors of model {name} in {folder}: expected {name}.corpus.jsonl.gz (or .jsonl).",
            Path.Combine(folder, name + ".corpus.jsonl.gz"));
    }
}

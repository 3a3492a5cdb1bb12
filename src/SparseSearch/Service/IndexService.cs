using System.Diagnostics;
using SparseSearch.Index;
using SparseSearch.Onnx;
using SparseSearch.Search.Query;

namespace SparseSearch.Service;

/// <summary>
/// The long-lived owner of one index directory, which the REST server and the CLI are thin over: the single
/// <see cref="IndexWriter"/>, the index's models (loaded once), and a <see cref="SearchEngine"/> whose snapshot is
/// swapped atomically on refresh (searches in flight finish on the snapshot they started with). Bulk upserts are
/// encoded with the index's models outside any lock; only the short application of an encoded batch to the writer
/// is serialised, and a refresh never sees half a batch. A timer refreshes every
/// <see cref="IndexServiceOptions.RefreshInterval"/>; <see cref="Dispose"/> commits pending writes.
/// </summary>
/// <remarks>
/// The index publishes changes only at a commit (it has no uncommitted near-real-time view), so a refresh commits the
/// pending writes (durably, with fsync) and then moves searches to that commit; <see cref="Commit"/> is the same step
/// asked for explicitly. Everything acknowledged before a refresh or commit returned survives a crash.
/// </remarks>
public sealed class IndexService : IDisposable
{
    private readonly IndexServiceOptions _options;
    private readonly OrtEnvironment? _environment;
    private readonly IndexWriter _writer;
    private readonly SearchEngine _engine;
    private readonly DocumentEncoder _encoder;
    private readonly object _apply = new();
    private readonly object _shutdown = new();
    // Guards reads of the engine's current snapshot outside the engine (get by id) against a concurrent swap.
    private readonly ReaderWriterLockSlim _snapshotGuard = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _encodeGate;
    private readonly Timer? _timer;
    private int _refreshing;
    private int _inFlightWrites;
    private int _closing;
    private bool _dirty;
    private bool _disposed;
    private string? _lastRefreshError;

    private IndexService(IndexServiceOptions options, OrtEnvironment? environment, IndexWriter writer, SearchEngine engine, string? writeRefusal)
    {
        _options = options;
        _environment = environment;
        _writer = writer;
        _engine = engine;
        _encoder = new DocumentEncoder(engine.Models, writer.Schema, Math.Max(1, options.EncodeChunkDocuments), writeRefusal);
        _encodeGate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentEncodes));
        if (options.RefreshInterval > TimeSpan.Zero)
            _timer = new Timer(_ => OnTimer(), null, options.RefreshInterval, options.RefreshInterval);
    }

    /// <summary>
    /// Opens the index in <see cref="IndexServiceOptions.IndexDirectory"/> for writing (taking its write lock) and loads
    /// its models. <paramref name="environment"/> is used, not owned; when null the service creates and owns one.
    /// </summary>
    /// <exception cref="IndexNotFoundException">The directory holds no index.</exception>
    /// <exception cref="ModelMismatchException">A model does not fit the index.</exception>
    public static IndexService Open(IndexServiceOptions options, OrtEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IndexCreation.Exists(options.IndexDirectory))
            throw new IndexNotFoundException(options.IndexDirectory);
        OrtEnvironment? owned = null;
        IndexWriter? writer = null;
        IndexSnapshot? snapshot = null;
        SearchModels? models = null;
        try
        {
            writer = IndexWriter.Open(options.IndexDirectory, new IndexWriterOptions { ReorderOnMerge = options.ReorderOnMerge, Preload = options.Preload });
            snapshot = writer.OpenSnapshot();
            var paths = (options.Models ?? new ModelPaths()).Resolve(snapshot.Schema, snapshot.UserData, options.ModelsRoot);
            var env = environment;
            if (env is null && (paths.SparseModel is not null || paths.DenseModel is not null))
                env = owned = OrtEnvironment.Create();
            models = SearchModels.Load(env, snapshot.Schema, paths);
            string? refusal = WriteModelCheck.Refusal(options.IndexDirectory, snapshot.Schema, snapshot.UserData, models);
            var engine = new SearchEngine(snapshot, models, ownsModels: true, options.SearchLimits);
            return new IndexService(options, owned, writer, engine, refusal);
        }
        catch
        {
            if (models is null) snapshot?.Dispose();
            else models.Dispose();
            writer?.Dispose();
            owned?.Dispose();
            throw;
        }
    }

    /// <summary>The options the service runs with.</summary>
    public IndexServiceOptions Options => _options;

    /// <summary>The index schema.</summary>
    public IndexSchema Schema => _writer.Schema;

    /// <summary>The search engine (its snapshot follows refreshes).</summary>
    public SearchEngine Engine => _engine;

    /// <summary>Commit generation searches currently see.</summary>
    public long SearchableGeneration => _engine.Snapshot.Generation;

    /// <summary>Whether the service takes searches and writes (false once shutdown began).</summary>
    public bool IsReady => Volatile.Read(ref _closing) == 0;

    /// <summary>Why the last background refresh failed, or null when it succeeded.</summary>
    public string? LastRefreshError => Volatile.Read(ref _lastRefreshError);

    /// <summary>Why document writes are impossible (no model to encode with), or null.</summary>
    public string? WritesUnavailable => _encoder.Unavailable;

    /// <summary>Runs a search on the current snapshot.</summary>
    public SearchResponse Search(SearchRequest request)
    {
        ThrowIfClosing();
        return _engine.Search(request);
    }

    /// <summary>
    /// Validates, encodes (with the index's models, chunk by chunk, outside the writer lock) and applies a batch of
    /// documents. The batch becomes searchable at the next refresh, all at once. Nothing is written when any document
    /// is invalid.
    /// </summary>
    /// <exception cref="InvalidDocumentException">A document breaks a rule; every problem is listed.</exception>
    /// <exception cref="ServiceUnavailableException">Shutting down, or no model to encode with.</exception>
    public UpsertResult Upsert(IReadOnlyList<DocumentInput> documents, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Validate(documents);
        EnterWrite();
        try
        {
            var sw = Stopwatch.StartNew();
            IndexDocument[] encoded;
            int truncated;
            _encodeGate.Wait(cancellation);
            try
            {
                encoded = _encoder.Encode(documents, out truncated, cancellation);
            }
            finally
            {
                _encodeGate.Release();
            }
            double encodeMs = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            cancellation.ThrowIfCancellationRequested();
            lock (_apply)
            {
                foreach (var d in encoded)
                    _writer.Upsert(d);
                _dirty = true;
            }
            return new UpsertResult(encoded.Length, truncated, encodeMs, sw.Elapsed.TotalMilliseconds);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>Deletes a document (searchable at the next refresh); false when no document has that id.</summary>
    public bool Delete(string id)
    {
        if (string.IsNullOrEmpty(id)) throw new InvalidDocumentException(["id: must be a non-empty string"]);
        EnterWrite();
        try
        {
            lock (_apply)
            {
                bool found = _writer.Delete(id);
                if (found) _dirty = true;
                return found;
            }
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>The stored document with <paramref name="id"/> in the searchable snapshot, or null.</summary>
    public StoredDocumentView? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        ThrowIfClosing();
        _snapshotGuard.EnterReadLock();
        try
        {
            var snapshot = _engine.Snapshot;
            if (!snapshot.TryFind(id, out int seg, out int doc)) return null;
            var s = snapshot.GetStored(seg, doc);
            return new StoredDocumentView(s.Id, s.Title, s.Text, s.Metadata, snapshot.Generation);
        }
        finally
        {
            _snapshotGuard.ExitReadLock();
        }
    }

    /// <summary>Commits pending writes (if any) and moves searches to the newest commit; returns the searchable generation.</summary>
    public long Refresh()
    {
        ThrowIfClosing();
        CommitPending();
        SwapToLatest();
        return SearchableGeneration;
    }

    /// <summary>Commits pending writes durably (nothing is written when nothing is pending) and refreshes; returns the
    /// searchable generation. The same step as <see cref="Refresh"/>, named for callers who ask for durability.</summary>
    public long Commit() => Refresh();

    /// <summary>Document, segment and size figures of the searchable snapshot, and the models.</summary>
    public IndexStats Stats()
    {
        ThrowIfClosing();
        long live, deleted, generation;
        int segments;
        _snapshotGuard.EnterReadLock();
        try
        {
            var s = _engine.Snapshot;
            live = s.LiveDocCount;
            deleted = s.DocCount - s.LiveDocCount;
            segments = s.Segments.Count;
            generation = s.Generation;
        }
        finally
        {
            _snapshotGuard.ExitReadLock();
        }
        bool pending;
        lock (_apply) pending = _dirty;
        var schema = _writer.Schema;
        var m = _engine.Models;
        var models = new ModelStats(schema.SparseModel, schema.VocabSize, schema.SparseModelChecksum, schema.DenseModel, schema.DenseDimension,
            m.Sparse is not null, m.Dense is not null, m.Idf is not null);
        return new IndexStats(live, deleted, segments, generation, DirectorySize(_options.IndexDirectory), pending, models, _encoder.Unavailable);
    }

    private static long DirectorySize(string directory)
    {
        long total = 0;
        foreach (var f in new DirectoryInfo(directory).EnumerateFiles())
        {
            try { total += f.Length; }
            catch (FileNotFoundException) { } // deleted by the writer after a merge while we listed
        }
        return total;
    }

    private void CommitPending()
    {
        lock (_apply)
        {
            if (!_dirty) return;
            _writer.Commit();
            _dirty = false;
        }
    }

    private void SwapToLatest()
    {
        _snapshotGuard.EnterWriteLock();
        try
        {
            _engine.Refresh();
        }
        finally
        {
            _snapshotGuard.ExitWriteLock();
        }
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _refreshing, 1) != 0) return;
        try
        {
            if (Volatile.Read(ref _closing) != 0) return;
            bool pending;
            lock (_apply) pending = _dirty;
            if (!pending && _writer.CommittedGeneration == SearchableGeneration) return;
            CommitPending();
            SwapToLatest();
            Volatile.Write(ref _lastRefreshError, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // The next tick retries; readiness reports the failure meanwhile.
            Volatile.Write(ref _lastRefreshError, e.Message);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private void Validate(IReadOnlyList<DocumentInput> documents)
    {
        var problems = new List<string>();
        if (documents.Count == 0)
            problems.Add("the batch holds no documents");
        if (documents.Count > _options.MaxBatchDocuments)
            problems.Add($"the batch holds {documents.Count} documents; at most {_options.MaxBatchDocuments} are accepted per request");
        for (int i = 0; i < documents.Count && problems.Count < 20; i++)
        {
            var d = documents[i];
            if (d is null) { problems.Add($"item {i}: null instead of a document object"); continue; }
            if (string.IsNullOrEmpty(d.Id)) { problems.Add($"item {i}: \"id\" must be a non-empty string"); continue; }
            if (d.Id.Length > _options.MaxIdChars)
                problems.Add($"item {i}: \"id\" has {d.Id.Length} characters; at most {_options.MaxIdChars}");
            if (string.IsNullOrWhiteSpace(d.Title) && string.IsNullOrWhiteSpace(d.Text))
                problems.Add($"item {i} (id \"{d.Id}\"): \"title\" and \"text\" are both empty; there is nothing to index");
            long chars = (long)(d.Title?.Length ?? 0) + (d.Text?.Length ?? 0) + (d.Metadata?.Length ?? 0);
            if (chars > _options.MaxDocumentChars)
                problems.Add($"item {i} (id \"{d.Id}\"): {chars} characters of title, text and metadata; at most {_options.MaxDocumentChars}");
        }
        if (problems.Count > 0) throw new InvalidDocumentException(problems);
    }

    private void EnterWrite()
    {
        Interlocked.Increment(ref _inFlightWrites);
        if (Volatile.Read(ref _closing) != 0)
        {
            Interlocked.Decrement(ref _inFlightWrites);
            throw new ServiceUnavailableException("The service is shutting down and takes no more writes.");
        }
    }

    private void ExitWrite() => Interlocked.Decrement(ref _inFlightWrites);

    private void ThrowIfClosing()
    {
        if (Volatile.Read(ref _closing) != 0)
            throw new ServiceUnavailableException("The service is shutting down.");
    }

    /// <summary>
    /// Graceful shutdown: refuses new writes, waits (up to <paramref name="drainTimeout"/>) for writes in flight, commits
    /// what is pending, and releases the writer lock, the snapshot (after searches in flight) and the models.
    /// </summary>
    public void Shutdown(TimeSpan drainTimeout)
    {
        // Every caller (the host's stop, the container's dispose) returns only once the pending writes are committed.
        lock (_shutdown)
        {
            ShutdownLocked(drainTimeout);
        }
    }

    private void ShutdownLocked(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        if (_timer is not null)
        {
            using var done = new ManualResetEvent(false);
            if (_timer.Dispose(done)) done.WaitOne(drainTimeout);
        }
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _inFlightWrites) > 0 && deadline.Elapsed < drainTimeout)
            Thread.Sleep(10);
        lock (_apply)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (_dirty) _writer.Commit();
                _dirty = false;
                ClosedGeneration = _writer.CommittedGeneration;
            }
            finally
            {
                _engine.Dispose();
                _writer.Dispose();
                _environment?.Dispose();
            }
        }
    }

    /// <summary>The last commit generation, once <see cref="Shutdown"/> has run.</summary>
    public long? ClosedGeneration { get; private set; }

    /// <summary>Graceful shutdown with a 30-second drain (see <see cref="Shutdown"/>).</summary>
    public void Dispose() => Shutdown(TimeSpan.FromSeconds(30));
}

using System.Diagnostics;
using SparseSearch.Index;
using SparseSearch.Onnx;
using SparseSearch.Search.Fusion;

namespace SparseSearch.Search.Query;

/// <summary>
/// Runs <see cref="SearchRequest"/>s over an index snapshot with the index's query models: every mode (sparse,
/// inference-free, dense, hybrid; bm25 once the index has the field), fusion, stored fields and explanations.
/// Thread-safe: any number of searches may run at once, and <see cref="Refresh"/> / <see cref="SwapSnapshot"/> move
/// new searches to a newer snapshot while searches in flight finish on the one they started with.
/// </summary>
public sealed class SearchEngine : IDisposable
{
    private readonly SearchModels _models;
    private readonly bool _ownsModels;
    private readonly SearchLimits _limits;
    private readonly object _swap = new();
    private EngineSnapshot _current;
    private int _disposed;

    /// <summary>Creates an engine over <paramref name="snapshot"/> (which it then owns and disposes) with <paramref name="models"/>.</summary>
    /// <param name="snapshot">The snapshot to search; owned by the engine from now on.</param>
    /// <param name="models">The query models (checked against the index when loaded).</param>
    /// <param name="ownsModels">Whether <see cref="Dispose"/> also disposes the models.</param>
    /// <param name="limits">Request limits (default <see cref="SearchLimits.Default"/>).</param>
    public SearchEngine(IndexSnapshot snapshot, SearchModels models, bool ownsModels = true, SearchLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _models = models ?? throw new ArgumentNullException(nameof(models));
        _ownsModels = ownsModels;
        _limits = limits ?? SearchLimits.Default;
        _current = new EngineSnapshot(snapshot, owns: true, previous: null);
    }

    /// <summary>
    /// Opens the latest commit of <paramref name="indexDirectory"/> and loads its models: the paths given, else
    /// those recorded in the index, else the schema's model names under <paramref name="modelsRoot"/>.
    /// </summary>
    public static SearchEngine Open(string indexDirectory, OrtEnvironment? environment, ModelPaths? paths = null, string? modelsRoot = null, SearchLimits? limits = null)
    {
        var snapshot = IndexReader.Open(indexDirectory);
        try
        {
            var resolved = (paths ?? new ModelPaths()).Resolve(snapshot.Schema, snapshot.UserData, modelsRoot);
            var models = SearchModels.Load(environment, snapshot.Schema, resolved);
            return new SearchEngine(snapshot, models, ownsModels: true, limits);
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }

    /// <summary>The models.</summary>
    public SearchModels Models => _models;

    /// <summary>The limits requests are checked against.</summary>
    public SearchLimits Limits => _limits;

    /// <summary>The snapshot new searches use (valid while the engine holds it).</summary>
    public IndexSnapshot Snapshot => Volatile.Read(ref _current).Snapshot;

    /// <summary>Moves to the newest commit if there is one; true when it did.</summary>
    public bool Refresh()
    {
        lock (_swap)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var newer = _current.Snapshot.RefreshIfChanged();
            if (newer is null) return false;
            SwapLocked(newer);
            return true;
        }
    }

    /// <summary>Serves <paramref name="snapshot"/> from now on (the engine owns it); the previous one is disposed once
    /// the searches using it finish. Its schema must be the same index's.</summary>
    public void SwapSnapshot(IndexSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_swap)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (snapshot.Schema.VocabSize != _current.Snapshot.Schema.VocabSize || snapshot.Schema.DenseDimension != _current.Snapshot.Schema.DenseDimension)
                throw new ArgumentException("The new snapshot has another schema than the engine's index.", nameof(snapshot));
            SwapLocked(snapshot);
        }
    }

    private void SwapLocked(IndexSnapshot snapshot)
    {
        var old = _current;
        Volatile.Write(ref _current, new EngineSnapshot(snapshot, owns: true, previous: old));
        old.Release();
    }

    /// <summary>Runs one search.</summary>
    /// <exception cref="InvalidSearchRequestException">The request breaks a rule or a limit (the message names the field).</exception>
    /// <exception cref="ModeNotSupportedException">The index or the loaded models cannot serve a requested mode.</exception>
    public SearchResponse Search(SearchRequest request)
    {
        SearchRequestValidator.Validate(request, _limits);
        var state = Acquire();
        try
        {
            return new SearchExecution(state, _models, request).Run();
        }
        finally
        {
            state.Release();
        }
    }

    private EngineSnapshot Acquire()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var s = Volatile.Read(ref _current);
            if (s.TryAcquire()) return s;
        }
    }

    /// <summary>Releases the snapshot (after searches in flight) and, when owned, the models.</summary>
    public void Dispose()
    {
        lock (_swap)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _current.Release();
        }
        if (_ownsModels) _models.Dispose();
    }
}

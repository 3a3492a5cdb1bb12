using System.Collections.Concurrent;
using SparseSearch.Index;
using SparseSearch.Search.Bm25;
using SparseSearch.Search.Dense;

namespace SparseSearch.Search.Query;

/// <summary>
/// One snapshot as the engine serves it, with what is derived from it lazily and shared by concurrent searches:
/// a pool of impact searchers (not thread-safe, so one per concurrent search), the index idf and the int8 vector
/// copies. Reference counted: searches in flight keep it open after the engine moves to a newer snapshot; the
/// last release disposes the snapshot when the engine owns it.
/// </summary>
internal sealed class EngineSnapshot
{
    private readonly ConcurrentBag<ImpactSearcher> _searchers = new();
    private readonly Lazy<float[]> _indexIdf;
    private readonly Lazy<Bm25Searcher?> _bm25;
    private readonly Lazy<Int8VectorSet?[]> _int8;
    private readonly bool _owns;
    private int _refs = 1;

    public EngineSnapshot(IndexSnapshot snapshot, bool owns, EngineSnapshot? previous)
    {
        Snapshot = snapshot;
        _owns = owns;
        Dense = new ExactDenseSearcher(snapshot);
        _bm25 = new Lazy<Bm25Searcher?>(() => snapshot.Schema.Bm25 is null ? null : new Bm25Searcher(snapshot), LazyThreadSafetyMode.ExecutionAndPublication);
        _indexIdf = new Lazy<float[]>(() => SparseSearch.Search.Query.IndexIdf.Compute(snapshot), LazyThreadSafetyMode.ExecutionAndPublication);
        // Segments are write-once and named uniquely, so an int8 copy built for a segment of the previous snapshot
        // is reused as is.
        var carried = new Dictionary<string, Int8VectorSet>(StringComparer.Ordinal);
        if (previous is { _int8.IsValueCreated: true })
        {
            var sets = previous._int8.Value;
            for (int i = 0; i < sets.Length; i++)
                if (sets[i] is { } set) carried[previous.Snapshot.Segments[i].Name] = set;
        }
        _int8 = new Lazy<Int8VectorSet?[]>(() => BuildInt8(snapshot, carried), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public IndexSnapshot Snapshot { get; }
    public ExactDenseSearcher Dense { get; }
    public float[] IndexIdf => _indexIdf.Value;

    /// <summary>The BM25 searcher (thread-safe), or null when the index has no BM25 field.</summary>
    public Bm25Searcher? Bm25 => _bm25.Value;
    public Int8VectorSet?[] Int8Sets => _int8.Value;

    public ImpactSearcher RentSearcher() => _searchers.TryTake(out var s) ? s : new ImpactSearcher(Snapshot);
    public void ReturnSearcher(ImpactSearcher searcher) => _searchers.Add(searcher);

    public bool TryAcquire()
    {
        while (true)
        {
            int r = Volatile.Read(ref _refs);
            if (r <= 0) return false;
            if (Interlocked.CompareExchange(ref _refs, r + 1, r) == r) return true;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _refs) == 0 && _owns)
            Snapshot.Dispose();
    }

    private static Int8VectorSet?[] BuildInt8(IndexSnapshot snapshot, Dictionary<string, Int8VectorSet> carried)
    {
        var sets = new Int8VectorSet?[snapshot.Segments.Count];
        for (int i = 0; i < sets.Length; i++)
        {
            var seg = snapshot.Segments[i];
            if (!seg.HasDenseVectors) continue;
            sets[i] = carried.TryGetValue(seg.Name, out var c) ? c : Int8VectorSet.Build(seg, snapshot.Schema.DenseDimension);
        }
        return sets;
    }
}

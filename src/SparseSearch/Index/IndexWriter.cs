
using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;
using SparseSearch.Index.Merge;
using SparseSearch.Index.Store;

namespace SparseSearch.Index;

/// <summary>
/// The single writer of an index directory: buffers upserts and deletes, flushes immutable segments, commits
/// atomically, merges in the background. Changes become visible to snapshots only at <see cref="Commit"/>, all at once
/// (an update's delete and add together). Disposing without committing discards uncommitted changes, like a crash.
/// All public members are thread-safe (serialised).
/// </summary>
public sealed class IndexWriter : IDisposable
{
    private readonly string _dir;
    private readonly IndexWriterOptions _options;
    private readonly IndexLock _lock;
    private readonly FileDeleter _deleter;
    private readonly object _sync = new();
    private readonly byte[] _indexId;
    private readonly List<WriterSegment> _segments = new();
    private readonly List<BufferedDoc?> _buffer = new();
    private readonly Dictionary<string, int> _bufferIndex = new(StringComparer.Ordinal);
    private readonly List<RunningMerge> _merges = new();
    private readonly List<int> _found = new();
    private FlushScratch? _flushScratch;
    private readonly CancellationTokenSource _closing = new();
    private IndexSchema _schema;
    private CommitPoint _lastCommit;
    private long _nextSegment;
    private long _bufferedBytes;
    private long _saturated;
    private Exception? _mergeFailure;
    private bool _disposed;
    private bool _forcing;

    private sealed class WriterSegment(SegmentCommitInfo info, SegmentCore core, LiveDocs? committed)
    {
        public SegmentCommitInfo Info = info;
        public readonly SegmentCore Core = core;
        public LiveDocs? Committed = committed;
        public LiveDocs? Pending;
        public LiveDocs? Current => Pending ?? Committed;
        public bool IsLive(int doc) => Current is not { } l || l.IsLive(doc);
        public int LiveCount => Current?.LiveCount ?? Info.DocCount;
    }

    private sealed class RunningMerge
    {
        public required string Name;
        public required WriterSegment[] Sources;
        public required LiveDocs?[] LiveAtStart;
        public required bool Reorder;
        public Task? Task;
    }

    private IndexWriter(string dir, IndexWriterOptions options, IndexLock lck, CommitPoint commit)
    {
        _dir = dir;
        _options = options;
        _lock = lck;
        _deleter = new FileDeleter(dir);
        _lastCommit = commit;
        _schema = commit.Schema;
        _indexId = commit.IndexId;
        _nextSegment = commit.NextSegmentNumber;
    }

    /// <summary>Creates a new index in <paramref name="directory"/> (created if missing; must not hold an index) and
    /// writes an empty first commit so readers can open it at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="options"/> is out of range.</exception>
    public static IndexWriter Create(string directory, IndexSchema schema, IndexWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        options ??= new IndexWriterOptions();
        options.Validate();
        directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(directory);
        var lck = IndexLock.Acquire(directory);
        try
        {
            if (CommitFile.LatestGeneration(directory) >= 0)
                throw new IOException($"An index already exists in {directory}; use IndexWriter.Open.");
            var commit = new CommitPoint(1, Guid.NewGuid().ToByteArray(), schema, 0, [], new Dictionary<string, string>());
            CommitFile.Write(directory, commit);
            var writer = new IndexWriter(directory, options, lck, commit);
            writer.RefreshProtectedAndDelete();
            return writer;
        }
        catch
        {
            lck.Dispose();
            throw;
        }
    }

    /// <summary>Opens the existing index in <paramref name="directory"/> at its latest commit.</summary>
    /// <exception cref="IndexLockedException">Another writer holds the index.</exception>
    /// <exception cref="IndexNotFoundException">No index there.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option of <paramref name="options"/> is out of range.</exception>
    public static IndexWriter Open(string directory, IndexWriterOptions? options = null)
    {
        options ??= new IndexWriterOptions();
        options.Validate();
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new IndexNotFoundException(directory);
        var lck = IndexLock.Acquire(directory);
        IndexWriter? writer = null;
        try
        {
            long gen = CommitFile.LatestGeneration(directory);
            if (gen < 0)
                throw new IndexNotFoundException(directory);
            var commit = CommitFile.Read(directory, gen);
            writer = new IndexWriter(directory, options, lck, commit);
            foreach (var info in commit.Segments)
            {
                SegmentCore core;
                try
                {
                    core = SegmentCore.Open(directory, info, commit.Schema, options.VerifyChecksums, options.Preload);
                }
                catch (FileNotFoundException e)
                {
                    throw new CorruptIndexException(e.FileName ?? directory, $"file referenced by {commit.FileName} is missing", e);
                }
                LiveDocs? live = null;
                if (info.DelGen > 0)
                {
                    try
                    {
                        live = LiveDocs.Read(Path.Combine(directory, SegmentFiles.LiveDocsName(info.Name, info.DelGen)), info.Id,
                            info.DocCount, info.DelCount, options.VerifyChecksums);
                    }
                    catch
                    {
                        core.DecRef();
                        throw;
                    }
                }
                writer._segments.Add(new WriterSegment(info, core, live));
            }
            // Files of a crashed flush or commit (never referenced by a commit) go now.
            writer.RefreshProtectedAndDelete();
            return writer;
        }
        catch
        {
            if (writer is not null)
                foreach (var s in writer._segments) s.Core.DecRef();
            lck.Dispose();
            throw;
        }
    }

    /// <summary>Opens the index if one exists (checking that <paramref name="schema"/>'s vocabulary size, models and
    /// dense dimension match), else creates it.</summary>
    public static IndexWriter OpenOrCreate(string directory, IndexSchema schema, IndexWriterOptions? options = null)
    {
        if (System.IO.Directory.Exists(directory) && CommitFile.LatestGeneration(directory) >= 0)
        {
            var writer = Open(directory, options);
            var s = writer.Schema;
            if (s.VocabSize != schema.VocabSize || s.DenseDimension != schema.DenseDimension || s.Bm25 != schema.Bm25
                || !string.Equals(s.SparseModelChecksum, schema.SparseModelChecksum, StringComparison.Ordinal))
            {
                writer.Dispose();
                throw new InvalidOperationException($"The index in {directory} was built with another schema " +
                    $"(vocab {s.VocabSize}, model {s.SparseModel} {s.SparseModelChecksum}, dense {s.DenseDimension}, bm25 {s.Bm25}); requested " +
                    $"(vocab {schema.VocabSize}, model {schema.SparseModel} {schema.SparseModelChecksum}, dense {schema.DenseDimension}, bm25 {schema.Bm25}).");
            }
            return writer;
        }
        return Create(directory, schema, options);
    }

    /// <summary>Index directory.</summary>
    public string Directory => _dir;

    /// <summary>The schema (its <see cref="IndexSchema.ImpactScale"/> is set once the first segment is flushed).</summary>
    public IndexSchema Schema { get { lock (_sync) return _schema; } }

    /// <summary>Generation of the last commit (made by this writer or found at open).</summary>
    public long CommittedGeneration { get { lock (_sync) return _lastCommit.Generation; } }

    /// <summary>User data of the last commit.</summary>
    public IReadOnlyDictionary<string, string> CommittedUserData { get { lock (_sync) return _lastCommit.UserData; } }

    /// <summary>Weights that exceeded 255 × scale and were stored as 255.</summary>
    public long SaturatedWeights { get { lock (_sync) return _saturated; } }

    /// <summary>Documents buffered and not yet flushed.</summary>
    public int BufferedDocs { get { lock (_sync) return _bufferIndex.Count; } }

    /// <summary>Current segment count (flushed, committed or not).</summary>
    public int SegmentCount { get { lock (_sync) return _segments.Count; } }

    /// <summary>Whether anything would change at the next <see cref="Commit"/>: buffered documents, new deletes, or a
    /// segment list that differs from the last commit's (flushes, merges).</summary>
    public bool HasUncommittedChanges
    {
        get
        {
            lock (_sync)
            {
                if (_bufferIndex.Count > 0 || _segments.Count != _lastCommit.Segments.Count)
                    return true;
                for (int i = 0; i < _segments.Count; i++)
                    if (_segments[i].Pending is not null || !ReferenceEquals(_segments[i].Info, _lastCommit.Segments[i]))
                        return true;
                return false;
            }
        }
    }

    /// <summary>Adds a document, replacing any document with the same id (in the buffer or in segments).</summary>
    /// <exception cref="ArgumentException">Empty id, term id outside the vocabulary, negative or non-finite weight,
    /// or a dense vector of the wrong dimension; the message names the document.</exception>
    public void Upsert(IndexDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Validate(document);
        // BM25 analysis runs here, before the lock, so concurrent producers analyse in parallel.
        if (_schema.Bm25 is { } bm25 && document.Bm25Terms is null)
            document = document with { Bm25Terms = bm25.Analyze(document.Title, document.Text) };
        lock (_sync)
        {
            ThrowIfUnusable();
            DeleteLocked(document.Id);
            var buffered = new BufferedDoc(document);
            _bufferIndex[document.Id] = _buffer.Count;
            _buffer.Add(buffered);
            _bufferedBytes += buffered.EstimatedBytes;
            if (_bufferIndex.Count >= _options.MaxBufferedDocs || _bufferedBytes >= _options.MaxBufferedBytes)
                FlushLocked();
        }
    }

    /// <summary>Deletes the document with external id <paramref name="id"/>; returns whether one existed.</summary>
    public bool Delete(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        lock (_sync)
        {
            ThrowIfUnusable();
            return DeleteLocked(id);
        }
    }

    private bool DeleteLocked(string id)
    {
        bool found = false;
        if (_bufferIndex.Remove(id, out int slot))
        {
            _bufferedBytes -= _buffer[slot]!.EstimatedBytes;
            _buffer[slot] = null;
            found = true;
        }
        var utf8 = System.Text.Encoding.UTF8.GetBytes(id);
        ulong hash = IdsWriter.Hash(utf8);
        foreach (var seg in _segments)
        {
            _found.Clear();
            seg.Core.FindDocs(utf8, hash, _found);
            foreach (var d in _found)
            {
                if (!seg.IsLive(d))
                    continue;
                seg.Pending ??= seg.Committed?.Clone() ?? new LiveDocs(seg.Info.DocCount);
                seg.Pending.Delete(d);
                found = true;
            }
        }
        return found;
    }

    private void Validate(IndexDocument doc)
    {
        if (string.IsNullOrEmpty(doc.Id))
            throw new ArgumentException("Document id must be a non-empty string.");
        ArgumentNullException.ThrowIfNull(doc.Sparse);
        if (doc.Bm25Terms is not null && _schema.Bm25 is null)
            throw new ArgumentException($"Document '{doc.Id}' carries analysed BM25 terms but the index has no BM25 field.");
        var ids = doc.Sparse.TermIds;
        var ws = doc.Sparse.Weights;
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)_schema.VocabSize)
                throw new ArgumentException($"Document '{doc.Id}': term id {ids[i]} is outside the vocabulary (size {_schema.VocabSize}).");
            if (!float.IsFinite(ws[i]) || ws[i] < 0f)
                throw new ArgumentException($"Document '{doc.Id}': term {ids[i]} has weight {ws[i]}; weights must be finite and >= 0.");
        }
        if (doc.Dense is not null)
        {
            if (_schema.DenseDimension == 0)
                throw new ArgumentException($"Document '{doc.Id}' has a dense vector but the index has no dense field.");
            if (doc.Dense.Length != _schema.DenseDimension)
                throw new ArgumentException($"Document '{doc.Id}': dense vector has {doc.Dense.Length} dimensions, the index has {_schema.DenseDimension}.");
            foreach (var x in doc.Dense)
                if (!float.IsFinite(x))
                    throw new ArgumentException($"Document '{doc.Id}': dense vector holds a non-finite value.");
        }
    }

    /// <summary>Writes buffered documents to a new segment (not yet visible: that is <see cref="Commit"/>).</summary>
    public void Flush()
    {
        lock (_sync)
        {
            ThrowIfUnusable();
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_bufferIndex.Count == 0)
        {
            _buffer.Clear();
            _bufferedBytes = 0;
            return;
        }
        var docs = new List<BufferedDoc>(_bufferIndex.Count);
        foreach (var d in _buffer)
            if (d is not null)
                docs.Add(d);
        if (_schema.ImpactScale is null)
        {
            float max = 0f;
            foreach (var d in docs)
                foreach (var w in d.Doc.Sparse.Weights)
                    max = MathF.Max(max, w);
            // All-zero batch: no information about the range yet; 1/255 keeps weights up to 1 exact-ish and is replaced by nothing later.
            _schema = _schema with { ImpactScale = max > 0f ? max / 255f : 1f / 255f };
        }
        string name = SegmentFiles.SegmentName(_nextSegment++);
        var info = SegmentBuilder.Write(_dir, name, docs, _schema, _schema.ImpactScale!.Value, _options.DocBlockShift, ref _saturated,
            _flushScratch ??= new FlushScratch());
        SegmentCore core;
        try
        {
            core = SegmentCore.Open(_dir, info, _schema, verifyChecksums: false, _options.Preload);
        }
        catch
        {
            foreach (var f in info.Files())
                try { File.Delete(Path.Combine(_dir, f)); } catch (IOException) { }
            throw;
        }
        _segments.Add(new WriterSegment(info, core, null));
        _buffer.Clear();
        _bufferIndex.Clear();
        _bufferedBytes = 0;
        RefreshProtectedLocked();
        MaybeMergeLocked();
    }

    /// <summary>
    /// Flushes, writes live-docs generations for segments with new deletes, and atomically publishes a new commit
    /// carrying <paramref name="userData"/> (null keeps the previous commit's user data). Returns the generation.
    /// </summary>
    public long Commit(IReadOnlyDictionary<string, string>? userData = null)
    {
        lock (_sync)
        {
            ThrowIfUnusable();
            FlushLocked();
            _flushScratch = null;
            // Deletes alone (no flush) can push a segment over the policy's deletes bound: look again now.
            MaybeMergeLocked();
            var infos = new List<SegmentCommitInfo>(_segments.Count);
            for (int i = 0; i < _segments.Count; i++)
            {
                var seg = _segments[i];
                // A segment whose documents are all deleted is dropped (unless a running merge reads it).
                if (seg.LiveCount == 0 && !_merges.Exists(m => Array.IndexOf(m.Sources, seg) >= 0))
                {
                    _segments.RemoveAt(i--);
                    seg.Core.DecRef();
                    continue;
                }
                if (seg.Pending is not null)
                {
                    long gen = seg.Info.DelGen + 1;
                    seg.Pending.Write(Path.Combine(_dir, SegmentFiles.LiveDocsName(seg.Info.Name, gen)), seg.Info.Id);
                    seg.Info = seg.Info with { DelGen = gen, DelCount = seg.Pending.DeletedCount };
                    seg.Committed = seg.Pending;
                    seg.Pending = null;
                }
                infos.Add(seg.Info);
            }
            var data = userData is null ? _lastCommit.UserData : new Dictionary<string, string>(userData, StringComparer.Ordinal);
            var commit = new CommitPoint(_lastCommit.Generation + 1, _indexId, _schema, _nextSegment, infos, data);
            // Directory entries of the new segment files must be durable before the commit that names them.
            FileSync.SyncDirectory(_dir);
            CommitFile.Write(_dir, commit);
            _lastCommit = commit;
            RefreshProtectedLocked();
            _deleter.DeleteUnreferenced();
            return commit.Generation;
        }
    }

    /// <summary>A snapshot of the last commit; it shares this writer's open segments and keeps its files alive.</summary>
    public IndexSnapshot OpenSnapshot()
    {
        lock (_sync)
        {
            ThrowIfUnusable();
            var commit = _lastCommit;
            _deleter.IncRef(commit.Files());
            try
            {
                return IndexSnapshot.Open(_dir, commit, null, info =>
                {
                    foreach (var s in _segments)
                    {
                        if (s.Info.Name == info.Name)
                        {
                            s.Core.IncRef();
                            return s.Core;
                        }
                    }
                    return null;
                }, _options.VerifyChecksums, new WriterSource(this), _options.Preload);
            }
            catch
            {
                _deleter.DecRef(commit.Files());
                throw;
            }
        }
    }

    private sealed class WriterSource(IndexWriter writer) : ISnapshotSource
    {
        public long LatestGeneration() => writer.CommittedGeneration;

        public IndexSnapshot OpenLatest(IndexSnapshot? previous) =>
            writer._disposed ? IndexReader.Open(writer._dir) : writer.OpenSnapshot();

        public void Released(IndexSnapshot snapshot)
        {
            // Under the writer's lock: a flush or commit in progress has written files it has not yet protected
            // (new segment, live docs, commit_N), and deleting "unreferenced" files then would destroy them.
            lock (writer._sync)
            {
                writer._deleter.DecRef(snapshot.Files);
                writer._deleter.DeleteUnreferenced();
            }
        }
    }

    /// <summary>
    /// Merges segments until at most <paramref name="maxSegments"/> remain, then rewrites every remaining segment that
    /// still carries deleted documents (so <c>ForceMerge(1)</c> on a single segment with deletes expunges them), whose
    /// doc blocks differ from what the writer gives a segment of its kind (<see cref="IndexWriterOptions.DocBlockShiftFor"/>:
    /// reordered or not), or, with <paramref name="relayout"/>,
    /// that lacks the writer's layout: with <see cref="IndexWriterOptions.ReorderOnMerge"/>, every segment not already
    /// in similarity order (the commit records which are), so forcing an optimized index again rewrites nothing; without
    /// it, every segment. Forced merges reorder whenever <see cref="IndexWriterOptions.ReorderOnMerge"/> is set, whatever
    /// <see cref="IndexWriterOptions.ReorderMinDocs"/> says. Synchronous: waits for running merges first. The result is
    /// visible at the next commit; snapshots opened before keep reading their own files until disposed.
    /// </summary>
    public void ForceMerge(int maxSegments = 1, bool relayout = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        RunForced(() =>
        {
            var produced = new HashSet<WriterSegment>();
            while (true)
            {
                // Fully deleted segments do not count: the commit drops them.
                var order = new List<int>();
                for (int i = 0; i < _segments.Count; i++)
                    if (_segments[i].LiveCount > 0) order.Add(i);
                if (order.Count <= maxSegments)
                    break;
                // Merge the smallest segments: cheapest way to reach the target count.
                order.Sort((a, b) => _segments[a].LiveCount.CompareTo(_segments[b].LiveCount));
                var pick = order.GetRange(0, order.Count - maxSegments + 1);
                pick.Sort();
                produced.Add(RunForcedMerge(pick.ToArray()));
            }
            foreach (var seg in _segments.ToArray())
            {
                if (produced.Contains(seg) || seg.LiveCount == 0) // a fully deleted segment is dropped at commit
                    continue;
                bool stale = relayout && !(_options.ReorderOnMerge && seg.Info.Reordered);
                if (stale || seg.LiveCount < seg.Info.DocCount || seg.Core.Postings.DocBlockShift != _options.DocBlockShiftFor(seg.Info.Reordered))
                    RunForcedMerge([_segments.IndexOf(seg)]);
            }
        });
    }

    /// <summary>
    /// Rewrites every segment whose deleted documents exceed <paramref name="deletesPctAllowed"/> percent of its
    /// documents (0 = any deletion), like Lucene's forceMergeDeletes; neighbouring such segments may be merged together
    /// (see <see cref="TieredMergePolicy.FindForcedDeletesMerges"/>; the limits of the writer's policy, or of a
    /// default one when automatic merges are off). Synchronous; visible at the next commit.
    /// </summary>
    public void ForceMergeDeletes(double deletesPctAllowed = 10)
    {
        if (deletesPctAllowed is < 0 or > 100 || double.IsNaN(deletesPctAllowed))
            throw new ArgumentOutOfRangeException(nameof(deletesPctAllowed), deletesPctAllowed, "must be between 0 and 100 (percent)");
        var policy = _options.MergePolicy ?? new TieredMergePolicy();
        RunForced(() =>
        {
            var groups = policy.FindForcedDeletesMerges(SizesLocked(), deletesPctAllowed);
            // Indexes shift as merges install; resolve every group to its segments first.
            var resolved = new List<WriterSegment[]>();
            foreach (var g in groups)
            {
                var segs = new WriterSegment[g.Length];
                for (int i = 0; i < g.Length; i++) segs[i] = _segments[g[i]];
                resolved.Add(segs);
            }
            foreach (var segs in resolved)
            {
                var idx = new int[segs.Length];
                for (int i = 0; i < segs.Length; i++) idx[i] = _segments.IndexOf(segs[i]);
                Array.Sort(idx);
                RunForcedMerge(idx);
            }
        });
    }

    /// <summary>Runs <paramref name="body"/> under the writer's lock after a flush, with no background merge running
    /// or starting (a background merge picking the same sources would install their documents twice).</summary>
    private void RunForced(Action body)
    {
        while (true)
        {
            WaitForMerges();
            lock (_sync)
            {
                ThrowIfUnusable();
                // Another thread's flush may have started a merge since WaitForMerges returned.
                if (_merges.Count > 0)
                    continue;
                _forcing = true;
                try
                {
                    FlushLocked();
                    body();
                }
                finally
                {
                    _forcing = false;
                }
                return;
            }
        }
    }

    private WriterSegment RunForcedMerge(int[] indexes)
    {
        var merge = StartMergeLocked(indexes, _options.ReorderOnMerge);
        try
        {
            return RunMerge(merge);
        }
        catch
        {
            AbortMerge(merge);
            throw;
        }
    }

    private List<SegmentSize> SizesLocked()
    {
        var sizes = new List<SegmentSize>(_segments.Count);
        foreach (var s in _segments) sizes.Add(new SegmentSize(s.Info.DocCount, s.LiveCount));
        return sizes;
    }

    /// <summary>Blocks until background merges finish; rethrows a merge failure.</summary>
    public void WaitForMerges()
    {
        while (true)
        {
            Task? t;
            lock (_sync)
            {
                t = _merges.Count > 0 ? _merges[0].Task : null;
                if (t is null)
                {
                    if (_mergeFailure is { } f)
                        throw new IOException("A background merge failed: " + f.Message, f);
                    return;
                }
            }
            try { t.Wait(); } catch (AggregateException) { }
        }
    }

    private void MaybeMergeLocked()
    {
        var policy = _options.MergePolicy;
        if (policy is null || _closing.IsCancellationRequested || _merges.Count > 0 || _forcing)
            return;
        var pick = policy.FindMerge(SizesLocked(), new HashSet<int>());
        if (pick is null)
            return;
        long mergedDocs = 0;
        foreach (var i in pick) mergedDocs += _segments[i].LiveCount;
        // Reordering costs far more than the merge itself and only pays on big segments (see ReorderMinDocs).
        var merge = StartMergeLocked(pick, _options.ReorderOnMerge && mergedDocs >= _options.ReorderMinDocs);
        if (_options.BackgroundMerges)
        {
            merge.Task = Task.Run(() =>
            {
                try
                {
                    RunMerge(merge);
                }
                catch (OperationCanceledException) { AbortMerge(merge); }
                catch (Exception e)
                {
                    AbortMerge(merge);
                    lock (_sync) _mergeFailure ??= e;
                }
            });
        }
        else
        {
            try
            {
                RunMerge(merge);
            }
            catch
            {
                AbortMerge(merge);
                throw;
            }
        }
    }

    private RunningMerge StartMergeLocked(int[] indexes, bool reorder)
    {
        var sources = new WriterSegment[indexes.Length];
        var live = new LiveDocs?[indexes.Length];
        for (int i = 0; i < indexes.Length; i++)
        {
            sources[i] = _segments[indexes[i]];
            sources[i].Core.IncRef();
            // A private copy: deletes arriving during the merge are carried over at install time.
            live[i] = sources[i].Current?.Clone();
        }
        var merge = new RunningMerge { Name = SegmentFiles.SegmentName(_nextSegment++), Sources = sources, LiveAtStart = live, Reorder = reorder };
        _merges.Add(merge);
        RefreshProtectedLocked();
        return merge;
    }

    private void AbortMerge(RunningMerge merge)
    {
        lock (_sync)
        {
            _merges.Remove(merge);
            foreach (var s in merge.Sources) s.Core.DecRef();
            RefreshProtectedLocked();
            if (!_disposed) _deleter.DeleteUnreferenced();
        }
    }

    private WriterSegment RunMerge(RunningMerge merge)
    {
        var sources = new MergeSource[merge.Sources.Length];
        for (int i = 0; i < sources.Length; i++)
            sources[i] = new MergeSource(merge.Sources[i].Core, merge.LiveAtStart[i]);
        IndexSchema schema;
        lock (_sync) schema = _schema;
        var info = SegmentMerger.Merge(_dir, merge.Name, sources, schema, schema.ImpactScale ?? 1f, _options.DocBlockShiftFor(merge.Reorder),
            out var docMaps, _closing.Token, merge.Reorder);
        var core = SegmentCore.Open(_dir, info, schema, verifyChecksums: false, _options.Preload);
        lock (_sync)
        {
            var merged = new WriterSegment(info, core, null);
            // Carry over deletes that happened while the merge ran.
            for (int s = 0; s < merge.Sources.Length; s++)
            {
                var src = merge.Sources[s];
                var start = merge.LiveAtStart[s];
                for (int d = 0; d < src.Info.DocCount; d++)
                {
                    int nd = docMaps[s][d];
                    if (nd >= 0 && !src.IsLive(d))
                    {
                        merged.Pending ??= new LiveDocs(info.DocCount);
                        merged.Pending.Delete(nd);
                    }
                }
            }
            int at = _segments.IndexOf(merge.Sources[0]);
            foreach (var src in merge.Sources)
            {
                if (_segments.Remove(src))
                    src.Core.DecRef(); // the writer's own reference
                src.Core.DecRef();     // the merge's reference
            }
            _segments.Insert(at < 0 ? _segments.Count : Math.Min(at, _segments.Count), merged);
            _merges.Remove(merge);
            RefreshProtectedLocked();
            if (!_closing.IsCancellationRequested && _options.BackgroundMerges)
                MaybeMergeLocked();
            return merged;
        }
    }

    private void RefreshProtectedAndDelete()
    {
        lock (_sync)
        {
            RefreshProtectedLocked();
            _deleter.DeleteUnreferenced();
        }
    }

    private void RefreshProtectedLocked()
    {
        var files = new HashSet<string>(_lastCommit.Files(), StringComparer.Ordinal);
        foreach (var s in _segments)
            foreach (var f in s.Info.Files())
                files.Add(f);
        var prefixes = new List<string>();
        foreach (var m in _merges)
            prefixes.Add(m.Name);
        _deleter.SetProtected(files, prefixes);
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    /// <summary>Stops merges (an unfinished merge is abandoned and its files removed), releases the segments and the
    /// lock. Uncommitted changes are discarded.</summary>
    public void Dispose()
    {
        List<Task> running = new();
        lock (_sync)
        {
            if (_disposed)
                return;
            _closing.Cancel();
            foreach (var m in _merges)
                if (m.Task is not null) running.Add(m.Task);
        }
        try { Task.WaitAll(running.ToArray()); } catch (AggregateException) { }
        lock (_sync)
        {
            foreach (var m in _merges.ToArray())
                foreach (var s in m.Sources) s.Core.DecRef();
            _merges.Clear();
            // Drop uncommitted segments' files (they were never published).
            RefreshProtectedLocked();
            var committed = new HashSet<string>(_lastCommit.Files(), StringComparer.Ordinal);
            _deleter.SetProtected(committed, []);
            _deleter.DeleteUnreferenced();
            _deleter.Close();
            foreach (var s in _segments)
                s.Core.DecRef();
            _segments.Clear();
            _disposed = true;
        }
        _lock.Dispose();
    }
}

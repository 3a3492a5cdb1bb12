
using SparseSearch.Encoding;
using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;
using SparseSearch.Index.Store;

namespace SparseSearch.Index;

/// <summary>Where a snapshot came from: a writer (shares its open segments and protects files from deletion) or the directory.</summary>
internal interface ISnapshotSource
{
    /// <summary>Latest commit generation visible to this source.</summary>
    long LatestGeneration();

    /// <summary>Opens the latest commit, reusing <paramref name="previous"/>'s open segments where they are unchanged.</summary>
    IndexSnapshot OpenLatest(IndexSnapshot? previous);

    /// <summary>Called once when a snapshot is disposed.</summary>
    void Released(IndexSnapshot snapshot);
}

/// <summary>
/// A point-in-time view of one commit: the segments and live documents as committed. Later writes, commits and merges
/// do not change it; its files stay on disk (and mapped) until it is disposed. Thread-safe for reads; dispose once.
/// </summary>
public sealed class IndexSnapshot : IDisposable
{
    private readonly ISnapshotSource _source;
    private readonly IndexSegment[] _segments;
    private int _disposed;

    internal IndexSnapshot(string directory, CommitPoint commit, IndexSegment[] segments, ISnapshotSource source)
    {
        Directory = directory;
        Commit = commit;
        _segments = segments;
        _source = source;
        long live = 0, docs = 0;
        foreach (var s in segments)
        {
            live += s.LiveCount;
            docs += s.DocCount;
        }
        LiveDocCount = live;
        DocCount = docs;
    }

    internal CommitPoint Commit { get; }

    /// <summary>Index directory.</summary>
    public string Directory { get; }

    /// <summary>Commit generation this snapshot shows.</summary>
    public long Generation => Commit.Generation;

    /// <summary>The index schema as of this commit (vocabulary, models, dense dimension, impact scale).</summary>
    public IndexSchema Schema => Commit.Schema;

    /// <summary>The user data stored with the commit (e.g. the bulk indexer's resume position).</summary>
    public IReadOnlyDictionary<string, string> UserData => Commit.UserData;

    /// <summary>Segments in tie-break order.</summary>
    public IReadOnlyList<IndexSegment> Segments => _segments;

    /// <summary>Live documents.</summary>
    public long LiveDocCount { get; }

    /// <summary>Documents including deleted ones not yet merged away.</summary>
    public long DocCount { get; }

    /// <summary>Files this snapshot needs (for tests and tools).</summary>
    public IEnumerable<string> Files => Commit.Files();

    /// <summary>Stored fields of a document.</summary>
    public StoredDocument GetStored(int segment, int doc) => Segment(segment).GetStored(doc);

    /// <summary>The document's indexed sparse vector (dequantised impacts), for explanations and exact re-scoring.</summary>
    public SparseVector GetForwardVector(int segment, int doc) => Segment(segment).GetForwardVector(doc);

    /// <summary>A copy of the document's dense vector, or null when it has none.</summary>
    public float[]? GetDenseVector(int segment, int doc) =>
        Segment(segment).TryGetDenseVector(doc, out var v) ? v.ToArray() : null;

    /// <summary>Finds the live document with external id <paramref name="id"/>.</summary>
    public bool TryFind(string id, out int segment, out int doc)
    {
        ArgumentNullException.ThrowIfNull(id);
        var utf8 = System.Text.Encoding.UTF8.GetBytes(id);
        ulong hash = IdsWriter.Hash(utf8);
        var found = new List<int>(2);
        // Newest segment first: at most one live copy exists, and it is most likely in a recent segment.
        for (int s = _segments.Length - 1; s >= 0; s--)
        {
            found.Clear();
            _segments[s].Core.FindDocs(utf8, hash, found);
            foreach (var d in found)
            {
                if (_segments[s].IsLive(d))
                {
                    segment = s;
                    doc = d;
                    return true;
                }
            }
        }
        segment = doc = -1;
        return false;
    }

    /// <summary>
    /// Opens a snapshot of a newer commit if there is one (unchanged segments are shared, not reopened), else null.
    /// The caller disposes both snapshots when done.
    /// </summary>
    public IndexSnapshot? RefreshIfChanged()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _source.LatestGeneration() > Generation ? _source.OpenLatest(this) : null;
    }

    private IndexSegment Segment(int ordinal)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if ((uint)ordinal >= (uint)_segments.Length)
            throw new ArgumentOutOfRangeException(nameof(ordinal), $"segment {ordinal} outside the snapshot ({_segments.Length} segments)");
        return _segments[ordinal];
    }

    /// <summary>Releases the segments; files no longer needed by anyone may then be deleted.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        foreach (var s in _segments)
            s.Core.DecRef();
        _source.Released(this);
    }

    /// <summary>Opens <paramref name="commit"/>, reusing open cores of <paramref name="previous"/> or from <paramref name="reuse"/>.</summary>
    internal static IndexSnapshot Open(string directory, CommitPoint commit, IndexSnapshot? previous,
        Func<SegmentCommitInfo, SegmentCore?>? reuse, bool verifyChecksums, ISnapshotSource source, bool preload = false)
    {
        var segments = new IndexSegment[commit.Segments.Count];
        int opened = 0;
        try
        {
            float scale = commit.Schema.ImpactScale ?? 1f;
            for (int i = 0; i < segments.Length; i++)
            {
                var info = commit.Segments[i];
                SegmentCore? core = reuse?.Invoke(info);
                if (core is null && previous is not null)
                {
                    foreach (var s in previous._segments)
                    {
                        if (s.Core.Name == info.Name && s.Core.Info.Id.AsSpan().SequenceEqual(info.Id))
                        {
                            s.Core.IncRef();
                            core = s.Core;
                            break;
                        }
                    }
                }
                core ??= SegmentCore.Open(directory, info, commit.Schema, verifyChecksums, preload);
                segments[i] = new IndexSegment(core, null, i, scale);
                opened++;
                if (info.DelGen > 0)
                {
                    var live = LiveDocs.Read(Path.Combine(directory, SegmentFiles.LiveDocsName(info.Name, info.DelGen)),
                        info.Id, info.DocCount, info.DelCount, verifyChecksums);
                    segments[i] = new IndexSegment(core, live, i, scale);
                }
            }
            return new IndexSnapshot(directory, commit, segments, source);
        }
        catch
        {
            for (int i = 0; i < opened; i++)
                segments[i].Core.DecRef();
            throw;
        }
    }
}

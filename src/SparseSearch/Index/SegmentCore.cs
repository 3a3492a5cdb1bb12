using SparseSearch.Index.Codec;
using SparseSearch.Index.Commit;
using SparseSearch.Index.Store;

namespace SparseSearch.Index;

/// <summary>
/// The open, memory-mapped write-once files of one segment, shared (reference counted) by every snapshot and the
/// writer that use the segment; the mappings close when the last user releases it.
/// </summary>
internal sealed class SegmentCore
{
    private int _refs = 1;

    private SegmentCore(SegmentCommitInfo info, PostingsReader postings, ForwardReader forward, IdsReader ids,
        StoredFieldsReader stored, VectorsReader? vectors, Bm25FieldReader? bm25)
    {
        Bm25 = bm25;
        Info = info;
        Postings = postings;
        Forward = forward;
        Ids = ids;
        Stored = stored;
        Vectors = vectors;
    }

    public SegmentCommitInfo Info { get; }
    public string Name => Info.Name;
    public int DocCount => Info.DocCount;
    public PostingsReader Postings { get; }
    public ForwardReader Forward { get; }
    public IdsReader Ids { get; }
    public StoredFieldsReader Stored { get; }
    public VectorsReader? Vectors { get; }
    public Bm25FieldReader? Bm25 { get; }

    private Search.BlockForwardIndex? _blockForward;
    private Search.BlockBoundRows? _blockBounds;

    /// <summary>Dense rows of the block upper-bound matrix: read from the postings mapping, or built per term on first
    /// use for segments written before the rows were persisted.</summary>
    public Search.BlockBoundRows BlockBounds => LazyInitializer.EnsureInitialized(ref _blockBounds);

    /// <summary>The forward index regrouped by doc-range block (built in memory on first use by block-at-a-time
    /// scoring; null when blocks exceed 256 documents).</summary>
    public Search.BlockForwardIndex? BlockForward => Postings.DocBlockShift > 8 ? null :
        LazyInitializer.EnsureInitialized(ref _blockForward, () => Search.BlockForwardIndex.Build(Forward, Postings.DocBlockShift));

    /// <summary>Opens and validates every core file of <paramref name="info"/>; with <paramref name="preload"/> the files
    /// queries read most (postings with their bound rows, forward index) are read into memory instead of mapped
    /// (<see cref="MappedFile"/>).</summary>
    public static SegmentCore Open(string directory, SegmentCommitInfo info, IndexSchema schema, bool verifyChecksums, bool preload = false)
    {
        var opened = new List<IDisposable>();
        try
        {
            MappedFile Map(string ext, uint magic, int version = SegmentFiles.Version, int minVersion = 0, bool load = false)
            {
                var f = MappedFile.Open(Path.Combine(directory, info.Name + ext), magic, version, info.Id, verifyChecksums, minVersion, load);
                opened.Add(f);
                return f;
            }
            var postingsFile = Map(SegmentFiles.PostingsExt, SegmentFiles.PostingsMagic, SegmentFiles.PostingsVersion, SegmentFiles.MinPostingsVersion, preload);
            var postings = new PostingsReader(postingsFile);
            if (postings.DocCount != info.DocCount || postings.VocabSize != schema.VocabSize)
                throw new CorruptIndexException(postingsFile.Path, $"trailer says {postings.DocCount} docs over {postings.VocabSize} terms; the commit says {info.DocCount} docs over {schema.VocabSize}");
            if (schema.ImpactScale is { } s && postings.Scale != s)
                throw new CorruptIndexException(postingsFile.Path, $"impact scale {postings.Scale} differs from the index scale {s}");
            var forward = new ForwardReader(Map(SegmentFiles.ForwardExt, SegmentFiles.ForwardMagic, load: preload), info.DocCount);
            var ids = new IdsReader(Map(SegmentFiles.IdsExt, SegmentFiles.IdsMagic), info.DocCount);
            var stored = new StoredFieldsReader(Map(SegmentFiles.StoredExt, SegmentFiles.StoredMagic), info.DocCount);
            VectorsReader? vectors = info.HasVectors
                ? new VectorsReader(Map(SegmentFiles.VectorsExt, SegmentFiles.VectorsMagic), info.DocCount, schema.DenseDimension)
                : null;
            if ((schema.Bm25 is not null) != info.HasBm25)
                throw new CorruptIndexException(postingsFile.Path, $"segment {info.Name} {(info.HasBm25 ? "has" : "lacks")} BM25 field files but the schema {(info.HasBm25 ? "has no" : "declares a")} BM25 field");
            Bm25FieldReader? bm25 = info.HasBm25 ? Bm25FieldReader.Open(directory, info, verifyChecksums) : null;
            if (bm25 is not null)
                opened.Add(bm25);
            return new SegmentCore(info, postings, forward, ids, stored, vectors, bm25);
        }
        catch
        {
            foreach (var d in opened)
                d.Dispose();
            throw;
        }
    }

    public void IncRef()
    {
        if (Interlocked.Increment(ref _refs) <= 1)
            throw new ObjectDisposedException(Name, "segment already closed");
    }

    public void DecRef()
    {
        int n = Interlocked.Decrement(ref _refs);
        if (n == 0)
        {
            Postings.Dispose();
            Forward.Dispose();
            Ids.Dispose();
            Stored.Dispose();
            Vectors?.Dispose();
            Bm25?.Dispose();
        }
        else if (n < 0)
        {
            throw new InvalidOperationException($"Segment {Name} released more often than acquired.");
        }
    }

    /// <summary>Docs (any liveness) whose external id equals <paramref name="utf8Id"/>.</summary>
    public void FindDocs(ReadOnlySpan<byte> utf8Id, ulong hash, List<int> docs) => Ids.Find(utf8Id, hash, docs);
}

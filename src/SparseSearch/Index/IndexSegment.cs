using SparseSearch.Encoding;
using SparseSearch.Index.Codec;

namespace SparseSearch.Index;

/// <summary>
/// One segment as a snapshot sees it: immutable files plus the live-docs generation of that snapshot. Doc ids are
/// segment-local, 0-based, and in index order. Thread-safe for reads.
/// </summary>
public sealed class IndexSegment
{
    private readonly LiveDocs? _live;

    internal IndexSegment(SegmentCore core, LiveDocs? live, int ordinal, float scale)
    {
        Core = core;
        _live = live;
        Ordinal = ordinal;
        Scale = scale;
    }

    internal SegmentCore Core { get; }
    internal LiveDocs? Live => _live;

    /// <summary>Position of the segment in its snapshot (the tie-break order of search hits).</summary>
    public int Ordinal { get; }

    /// <summary>Segment name (file prefix).</summary>
    public string Name => Core.Name;

    /// <summary>Documents in the segment, deleted ones included (doc ids are below this).</summary>
    public int DocCount => Core.DocCount;

    /// <summary>Documents not deleted.</summary>
    public int LiveCount => _live?.LiveCount ?? Core.DocCount;

    /// <summary>Impact quantisation scale (the index's scale).</summary>
    public float Scale { get; }

    /// <summary>Whether <paramref name="doc"/> is live in this snapshot.</summary>
    public bool IsLive(int doc) => (uint)doc < (uint)DocCount && (_live is null || _live.IsLive(doc));

    /// <summary>External id of <paramref name="doc"/>.</summary>
    public string GetId(int doc) => Core.Ids.GetId(CheckDoc(doc));

    /// <summary>Stored fields of <paramref name="doc"/>.</summary>
    public StoredDocument GetStored(int doc)
    {
        var (title, text, meta) = Core.Stored.Get(CheckDoc(doc));
        return new StoredDocument(Core.Ids.GetId(doc), title, text, meta);
    }

    /// <summary>The document's sparse vector as indexed: its terms with dequantised impacts (scale × u8).</summary>
    public SparseVector GetForwardVector(int doc)
    {
        var (terms, impacts) = Core.Forward.Read(CheckDoc(doc));
        var weights = new float[terms.Length];
        for (int i = 0; i < terms.Length; i++)
            weights[i] = impacts[i] * Scale;
        return new SparseVector(terms, weights);
    }

    /// <summary>The document's raw u8 impacts (aligned with its ascending term ids).</summary>
    public (int[] Terms, byte[] Impacts) GetImpacts(int doc) => Core.Forward.Read(CheckDoc(doc));

    /// <summary>Whether the segment stores dense vectors at all.</summary>
    public bool HasDenseVectors => Core.Vectors is not null;

    /// <summary>The document's dense vector, or false when it has none. The span points into the mapped file and is
    /// valid while the snapshot is open.</summary>
    public bool TryGetDenseVector(int doc, out ReadOnlySpan<float> vector)
    {
        CheckDoc(doc);
        var v = Core.Vectors;
        if (v is null || !v.Has(doc))
        {
            vector = default;
            return false;
        }
        vector = v.Get(doc);
        return true;
    }

    private int CheckDoc(int doc)
    {
        if ((uint)doc >= (uint)DocCount)
            throw new ArgumentOutOfRangeException(nameof(doc), $"doc {doc} outside segment {Name} ({DocCount} docs)");
        return doc;
    }
}

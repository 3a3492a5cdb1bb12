using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes dense vectors (<c>seg_N.vec</c>).
/// <para><b>Format <c>.vec</c> (version 1)</b>: header (magic "SSVC") · align 64 · <c>f32 vector[docCount × dim]</c>
/// (row-major; zeros for a document without a vector) · align 8 · <c>u64 present[ceil(docCount / 64)]</c> (bit d set
/// = doc d has a vector) · trailer <c>u32 docCount · u32 dim · u64 dataStart · u64 presentStart</c> (24 bytes) · footer.
/// Rows are 64-byte aligned at the start so SIMD loads over the mapping stay aligned when dim is a multiple of 16.</para>
/// </summary>
internal sealed class VectorsWriter : IDisposable
{
    public const int TrailerLength = 24;

    private readonly IndexOutput _out;
    private readonly int _dim;
    private readonly float[] _zeros;
    private readonly List<ulong> _present = new();
    private readonly long _dataStart;
    private int _docs;

    public VectorsWriter(string path, byte[] segmentId, int dim)
    {
        _out = new IndexOutput(path, SegmentFiles.VectorsMagic, SegmentFiles.Version, segmentId);
        _dim = dim;
        _zeros = new float[dim];
        _out.Align(64);
        _dataStart = _out.Position;
    }

    public void AddDoc(float[]? vector)
    {
        if ((_docs & 63) == 0)
            _present.Add(0);
        if (vector is null)
        {
            _out.WriteSingles(_zeros);
        }
        else
        {
            _out.WriteSingles(vector);
            _present[^1] |= 1UL << (_docs & 63);
        }
        _docs++;
    }

    public void Finish()
    {
        _out.Align(8);
        long presentStart = _out.Position;
        foreach (var w in _present)
            _out.WriteUInt64(w);
        _out.WriteInt32(_docs);
        _out.WriteInt32(_dim);
        _out.WriteInt64(_dataStart);
        _out.WriteInt64(presentStart);
        _out.Finish();
    }

    public void Dispose() => _out.Dispose();
}

using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes the forward index (<c>seg_N.fwd</c>): each document's (term, impact) list, for block-at-a-time scoring, exact
/// re-scoring and explanations.
/// <para><b>Format <c>.fwd</c> (version 1)</b>: header (magic "SSFW") · per document in doc order:
/// <c>term[n]</c> (u16 when the vocabulary has ≤ 65,536 terms, else u32; strictly ascending) · <c>u8 impact[n]</c>
/// (1..255) — then align 8 · <c>u64 recordOffset[docCount + 1]</c> (absolute offsets; n = (next − this) / (width + 1)) ·
/// trailer <c>u32 docCount · u32 termWidth · u64 offsetsStart · u64 totalEntries</c> (24 bytes) · footer.</para>
/// </summary>
internal sealed class ForwardWriter : IDisposable
{
    public const int TrailerLength = 24;

    private readonly IndexOutput _out;
    private readonly int _width;
    private readonly List<long> _offsets = new();
    private ushort[] _scratch16 = new ushort[256];
    private long _total;

    public ForwardWriter(string path, byte[] segmentId, int vocabSize)
    {
        _out = new IndexOutput(path, SegmentFiles.ForwardMagic, SegmentFiles.Version, segmentId);
        _width = TermWidth(vocabSize);
    }

    public static int TermWidth(int vocabSize) => vocabSize <= 65536 ? 2 : 4;

    public void AddDoc(ReadOnlySpan<int> terms, ReadOnlySpan<byte> impacts)
    {
        _offsets.Add(_out.Position);
        if (_width == 2)
        {
            if (_scratch16.Length < terms.Length)
                _scratch16 = new ushort[Math.Max(terms.Length, _scratch16.Length * 2)];
            for (int i = 0; i < terms.Length; i++)
                _scratch16[i] = (ushort)terms[i];
            _out.WriteUInt16s(_scratch16.AsSpan(0, terms.Length));
        }
        else
        {
            _out.WriteInt32s(terms);
        }
        _out.WriteBytes(impacts);
        _total += terms.Length;
    }

    public void Finish()
    {
        _offsets.Add(_out.Position);
        _out.Align(8);
        long offsetsStart = _out.Position;
        foreach (var o in _offsets)
            _out.WriteInt64(o);
        _out.WriteInt32(_offsets.Count - 1);
        _out.WriteInt32(_width);
        _out.WriteInt64(offsetsStart);
        _out.WriteInt64(_total);
        _out.Finish();
    }

    public void Dispose() => _out.Dispose();
}

using System.IO.Compression;

using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes stored fields (<c>seg_N.sto</c>): title, text and metadata per document, Brotli-compressed per block of
/// documents (blocks of up to 16 documents or 16 KiB of raw data, so fetching one hit decompresses little).
/// <para><b>Format <c>.sto</c> (version 1)</b>: header (magic "SSST") · compressed blocks back to back ·
/// align 8 · <c>u32 firstDoc[nb]</c> · <c>u32 rawLength[nb]</c> · <c>u64 blockOffset[nb + 1]</c> (absolute) ·
/// trailer <c>u32 docCount · u32 blockCount · u64 indexStart</c> (16 bytes) · footer.
/// A raw block is, per document, three fields (title, text, metadata), each a LEB128 varint <c>len + 1</c>
/// (0 = absent) followed by <c>len</c> UTF-8 bytes. The external id lives in <c>.ids</c>.</para>
/// </summary>
internal sealed class StoredFieldsWriter : IDisposable
{
    public const int TrailerLength = 16;
    private const int MaxDocsPerBlock = 16;
    private const int MaxRawBytes = 16 * 1024;

    private readonly IndexOutput _out;
    private readonly MemoryStream _raw = new();
    private readonly List<int> _firstDocs = new();
    private readonly List<int> _rawLengths = new();
    private readonly List<long> _offsets = new();
    private byte[] _compressed = new byte[64 * 1024];
    private int _docs;
    private int _docsInBlock;

    public StoredFieldsWriter(string path, byte[] segmentId)
    {
        _out = new IndexOutput(path, SegmentFiles.StoredMagic, SegmentFiles.Version, segmentId);
    }

    public void AddDoc(string? title, string? text, string? metadata)
    {
        if (_docsInBlock == 0)
            _firstDocs.Add(_docs);
        WriteField(title);
        WriteField(text);
        WriteField(metadata);
        _docs++;
        _docsInBlock++;
        if (_docsInBlock >= MaxDocsPerBlock || _raw.Length >= MaxRawBytes)
            FlushBlock();
    }

    private void WriteField(string? value)
    {
        if (value is null)
        {
            _raw.WriteByte(0);
            return;
        }
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        uint v = (uint)bytes.Length + 1;
        while (v >= 0x80) { _raw.WriteByte((byte)(v | 0x80)); v >>= 7; }
        _raw.WriteByte((byte)v);
        _raw.Write(bytes);
    }

    private void FlushBlock()
    {
        if (_docsInBlock == 0)
            return;
        var raw = _raw.GetBuffer().AsSpan(0, (int)_raw.Length);
        int bound = BrotliEncoder.GetMaxCompressedLength(raw.Length);
        if (_compressed.Length < bound)
            _compressed = new byte[bound];
        if (!BrotliEncoder.TryCompress(raw, _compressed, out int written, quality: 1, window: 22))
            throw new InvalidOperationException("Brotli compression failed.");
        _offsets.Add(_out.Position);
        _rawLengths.Add(raw.Length);
        _out.WriteBytes(_compressed.AsSpan(0, written));
        _raw.SetLength(0);
        _docsInBlock = 0;
    }

    public void Finish()
    {
        FlushBlock();
        _offsets.Add(_out.Position);
        _out.Align(8);
        long indexStart = _out.Position;
        foreach (var d in _firstDocs) _out.WriteInt32(d);
        foreach (var l in _rawLengths) _out.WriteInt32(l);
        foreach (var o in _offsets) _out.WriteInt64(o);
        _out.WriteInt32(_docs);
        _out.WriteInt32(_firstDocs.Count);
        _out.WriteInt64(indexStart);
        _out.Finish();
    }

    public void Dispose() => _out.Dispose();
}

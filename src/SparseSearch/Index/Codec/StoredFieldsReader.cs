using System.IO.Compression;

using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>Reads <c>.sto</c> files (format in <see cref="StoredFieldsWriter"/>). Thread-safe (no shared buffers).</summary>
internal sealed unsafe class StoredFieldsReader : IDisposable
{
    private readonly MappedFile _file;
    private readonly int* _firstDocs;
    private readonly int* _rawLengths;
    private readonly long* _offsets;

    public StoredFieldsReader(MappedFile file, int expectedDocs)
    {
        _file = file;
        long trailer = file.BodyEnd - StoredFieldsWriter.TrailerLength;
        file.CheckRange(trailer, StoredFieldsWriter.TrailerLength, "trailer");
        DocCount = file.ReadInt32(trailer);
        BlockCount = file.ReadInt32(trailer + 4);
        long indexStart = file.ReadInt64(trailer + 8);
        if (DocCount != expectedDocs || BlockCount < 0 || BlockCount > Math.Max(DocCount, 0))
            throw new CorruptIndexException(file.Path, $"trailer says {DocCount} docs in {BlockCount} blocks, expected {expectedDocs} docs");
        file.CheckRange(indexStart, 16L * BlockCount + 8, "block index");
        _firstDocs = (int*)file.Pointer(indexStart);
        _rawLengths = _firstDocs + BlockCount;
        _offsets = (long*)(_rawLengths + BlockCount);
        for (int b = 0; b < BlockCount; b++)
        {
            if (_firstDocs[b] < 0 || _firstDocs[b] >= DocCount || (b > 0 && _firstDocs[b] <= _firstDocs[b - 1]) || _rawLengths[b] < 0
                || _offsets[b] < file.BodyStart || _offsets[b + 1] < _offsets[b] || _offsets[b + 1] > indexStart)
                throw new CorruptIndexException(file.Path, $"stored block {b} index entry is invalid");
        }
    }

    public int DocCount { get; }
    public int BlockCount { get; }
    public MappedFile File => _file;

    /// <summary>Title, text and metadata of <paramref name="doc"/>.</summary>
    public (string? Title, string? Text, string? Metadata) Get(int doc)
    {
        int lo = 0, hi = BlockCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (_firstDocs[mid] <= doc) lo = mid; else hi = mid - 1;
        }
        var raw = DecompressBlock(lo);
        int pos = 0;
        for (int d = _firstDocs[lo]; d < doc; d++)
        {
            Skip(raw, ref pos); Skip(raw, ref pos); Skip(raw, ref pos);
        }
        var title = ReadField(raw, ref pos);
        var text = ReadField(raw, ref pos);
        var meta = ReadField(raw, ref pos);
        return (title, text, meta);
    }

    /// <summary>Decompresses block <paramref name="block"/>; also used by the checker.</summary>
    public byte[] DecompressBlock(int block)
    {
        var raw = new byte[_rawLengths[block]];
        var src = _file.Span(_offsets[block], (int)(_offsets[block + 1] - _offsets[block]));
        if (!BrotliDecoder.TryDecompress(src, raw, out int written) || written != raw.Length)
            throw new CorruptIndexException(_file.Path, $"stored block {block} does not decompress to {raw.Length} bytes");
        return raw;
    }

    public int BlockFirstDoc(int block) => _firstDocs[block];

    /// <summary>Visits every document in doc order, decompressing each block once (merges).</summary>
    public void ForEach(Action<int, string?, string?, string?> visit)
    {
        for (int b = 0; b < BlockCount; b++)
        {
            var raw = DecompressBlock(b);
            int end = b + 1 < BlockCount ? _firstDocs[b + 1] : DocCount;
            int pos = 0;
            for (int d = _firstDocs[b]; d < end; d++)
            {
                var title = ReadField(raw, ref pos);
                var text = ReadField(raw, ref pos);
                var meta = ReadField(raw, ref pos);
                visit(d, title, text, meta);
            }
        }
    }

    private uint ReadVar(byte[] raw, ref int pos)
    {
        uint v = 0;
        int shift = 0;
        while (true)
        {
            if (pos >= raw.Length || shift > 28)
                throw new CorruptIndexException(_file.Path, "stored record runs past its block");
            byte b = raw[pos++];
            v |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return v;
            shift += 7;
        }
    }

    private void Skip(byte[] raw, ref int pos)
    {
        uint n = ReadVar(raw, ref pos);
        if (n > 0) pos += (int)(n - 1);
    }

    private string? ReadField(byte[] raw, ref int pos)
    {
        uint n = ReadVar(raw, ref pos);
        if (n == 0) return null;
        int len = (int)(n - 1);
        if (pos + len > raw.Length)
            throw new CorruptIndexException(_file.Path, "stored field runs past its block");
        var s = System.Text.Encoding.UTF8.GetString(raw, pos, len);
        pos += len;
        return s;
    }

    /// <summary>Parses every record of a block; returns the number of docs found (checker).</summary>
    public int CountRecords(byte[] raw)
    {
        int pos = 0, n = 0;
        while (pos < raw.Length)
        {
            Skip(raw, ref pos); Skip(raw, ref pos); Skip(raw, ref pos);
            if (pos > raw.Length)
                throw new CorruptIndexException(_file.Path, "stored record runs past its block");
            n++;
        }
        return n;
    }

    public void Dispose() => _file.Dispose();
}

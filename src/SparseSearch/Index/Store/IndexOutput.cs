using System.Buffers.Binary;


namespace SparseSearch.Index.Store;

/// <summary>
/// Write-once, checksummed, little-endian file writer. Every index file is
/// <c>header | body | footer</c>:
/// <list type="bullet">
/// <item>header, 32 bytes: u32 magic (per file kind), u32 format version, 16-byte id (the segment id, or the index id
/// for commit files), u64 reserved (0) — 32 bytes keeps the body 8-byte aligned for memory-mapped reads;</item>
/// <item>footer, 8 bytes: u32 <see cref="FooterMagic"/>, u32 CRC-32C of every byte before the CRC.</item>
/// </list>
/// The file is created with <see cref="FileMode.CreateNew"/> (files are never overwritten) and fsynced by
/// <see cref="Finish"/>; a file without a valid footer is treated as corrupt.
/// </summary>
internal sealed class IndexOutput : IDisposable
{
    public const int HeaderLength = 32;
    public const int FooterLength = 8;
    public const uint FooterMagic = 0xF007C0DE;

    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;
    private long _flushed;
    private uint _crc = Crc32C.Seed;
    private bool _finished;

    public IndexOutput(string path, uint magic, int version, ReadOnlySpan<byte> id)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        WriteUInt32(magic);
        WriteInt32(version);
        if (id.Length != 16)
            throw new ArgumentException("File ids are 16 bytes.", nameof(id));
        WriteBytes(id);
        WriteInt64(0);
    }

    public string Path { get; }

    /// <summary>Bytes written so far (header included).</summary>
    public long Position => _flushed + _used;

    public void WriteByte(byte value)
    {
        if (_used == _buffer.Length)
            FlushBuffer();
        _buffer[_used++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_used == _buffer.Length)
                FlushBuffer();
            int n = Math.Min(data.Length, _buffer.Length - _used);
            data[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            data = data[n..];
        }
    }

    public void WriteInt32(int value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, value); WriteBytes(b); }
    public void WriteUInt32(uint value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, value); WriteBytes(b); }
    public void WriteInt64(long value) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, value); WriteBytes(b); }
    public void WriteUInt64(ulong value) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, value); WriteBytes(b); }
    public void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    public void WriteInt32s(ReadOnlySpan<int> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    public void WriteUInt32s(ReadOnlySpan<uint> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    public void WriteInt64s(ReadOnlySpan<long> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    public void WriteUInt64s(ReadOnlySpan<ulong> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    public void WriteUInt16s(ReadOnlySpan<ushort> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    public void WriteSingles(ReadOnlySpan<float> values) => WriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    /// <summary>Zero bytes up to the next multiple of <paramref name="alignment"/> (a power of two).</summary>
    public void Align(int alignment)
    {
        while ((Position & (alignment - 1)) != 0)
            WriteByte(0);
    }

    /// <summary>LEB128 unsigned varint.</summary>
    public void WriteVarUInt(uint value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        WriteByte((byte)value);
    }

    /// <summary>Writes the footer, flushes and fsyncs. The file is complete only after this returns.</summary>
    public void Finish()
    {
        WriteUInt32(FooterMagic);
        FlushBuffer();
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, Crc32C.Finish(_crc));
        _stream.Write(b);
        _stream.Flush(flushToDisk: true);
        _finished = true;
        _stream.Dispose();
    }

    private void FlushBuffer()
    {
        if (_used == 0)
            return;
        _crc = Crc32C.Update(_crc, _buffer.AsSpan(0, _used));
        _stream.Write(_buffer, 0, _used);
        _flushed += _used;
        _used = 0;
    }

    /// <summary>Closes the file; an unfinished file is deleted (it could never pass a footer check anyway).</summary>
    public void Dispose()
    {
        if (_finished)
            return;
        _stream.Dispose();
        try { File.Delete(Path); } catch (IOException) { }
    }

    /// <summary>UTF-8 length-prefixed string helper (varint byte length).</summary>
    public void WriteString(string value)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((uint)n);
        if (n <= 1024)
        {
            Span<byte> tmp = stackalloc byte[n];
            System.Text.Encoding.UTF8.GetBytes(value, tmp);
            WriteBytes(tmp);
        }
        else
        {
            WriteBytes(System.Text.Encoding.UTF8.GetBytes(value));
        }
    }
}

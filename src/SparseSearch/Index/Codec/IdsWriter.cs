
using SparseSearch.Index.Store;

namespace SparseSearch.Index.Codec;

/// <summary>
/// Writes external document ids (<c>seg_N.ids</c>): doc → id for hits, and id → doc for deletes and updates.
/// <para><b>Format <c>.ids</c> (version 1)</b>: header (magic "SSID") · UTF-8 bytes of every id in doc order ·
/// align 8 · <c>u64 offset[docCount + 1]</c> (absolute) · <c>u64 hash[docCount]</c> sorted ascending ·
/// <c>u32 hashDoc[docCount]</c> (the doc of each sorted hash; equal hashes in doc order) · align 8 ·
/// trailer <c>u32 docCount · u32 reserved · u64 offsetsStart · u64 hashesStart · u64 hashDocsStart</c> (32 bytes) · footer.
/// Hash: 64-bit FNV-1a of the UTF-8 bytes; a lookup binary-searches the hash and compares the bytes.</para>
/// </summary>
internal sealed class IdsWriter : IDisposable
{
    public const int TrailerLength = 32;

    private readonly IndexOutput _out;
    private readonly List<long> _offsets = new();
    private readonly List<ulong> _hashes = new();
    private byte[] _scratch = new byte[256];

    public IdsWriter(string path, byte[] segmentId)
    {
        _out = new IndexOutput(path, SegmentFiles.IdsMagic, SegmentFiles.Version, segmentId);
    }

    public void AddId(string id)
    {
        int n = System.Text.Encoding.UTF8.GetByteCount(id);
        if (_scratch.Length < n)
            _scratch = new byte[Math.Max(n, _scratch.Length * 2)];
        System.Text.Encoding.UTF8.GetBytes(id, _scratch);
        _offsets.Add(_out.Position);
        _out.WriteBytes(_scratch.AsSpan(0, n));
        _hashes.Add(Hash(_scratch.AsSpan(0, n)));
    }

    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in utf8)
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }

    public void Finish()
    {
        int count = _hashes.Count;
        _offsets.Add(_out.Position);
        _out.Align(8);
        long offsetsStart = _out.Position;
        foreach (var o in _offsets)
            _out.WriteInt64(o);
        var hashes = _hashes.ToArray();
        var docs = new int[count];
        for (int i = 0; i < count; i++)
            docs[i] = i;
        // Stable order among equal hashes: sort (hash, doc) pairs.
        var keys = new (ulong, int)[count];
        for (int i = 0; i < count; i++)
            keys[i] = (hashes[i], i);
        Array.Sort(keys);
        long hashesStart = _out.Position;
        foreach (var k in keys)
            _out.WriteUInt64(k.Item1);
        long hashDocsStart = _out.Position;
        foreach (var k in keys)
            _out.WriteInt32(k.Item2);
        _out.Align(8);
        _out.WriteInt32(count);
        _out.WriteInt32(0);
        _out.WriteInt64(offsetsStart);
        _out.WriteInt64(hashesStart);
        _out.WriteInt64(hashDocsStart);
        _out.Finish();
    }

    public void Dispose() => _out.Dispose();
}

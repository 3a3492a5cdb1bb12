using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseSearch.Text;

/// <summary>
/// A read-only open-addressing hash table from token text to id, looked up by character span. Faster than a
/// <see cref="Dictionary{TKey,TValue}"/> alternate lookup here because the hash is a cheap multiplicative one: the
/// keys are fixed at load time, so probe lengths depend on the vocabulary only and no input can degrade them.
/// </summary>
internal sealed class SpanTokenTable
{
    private readonly int[] _buckets;      // entry index + 1; 0 = empty
    private readonly uint[] _hashes;
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly int[] _ids;
    private readonly char[] _chars;
    private readonly int _mask;

    public SpanTokenTable(IReadOnlyList<(string Key, int Id)> entries)
    {
        int size = 16;
        while (size < entries.Count * 2) size <<= 1;
        _buckets = new int[size];
        _mask = size - 1;
        _hashes = new uint[entries.Count];
        _starts = new int[entries.Count];
        _lengths = new int[entries.Count];
        _ids = new int[entries.Count];
        int totalChars = 0;
        foreach (var (key, _) in entries) totalChars += key.Length;
        _chars = new char[totalChars];
        int at = 0;
        for (int e = 0; e < entries.Count; e++)
        {
            var (key, id) = entries[e];
            key.CopyTo(_chars.AsSpan(at));
            _starts[e] = at;
            _lengths[e] = key.Length;
            _ids[e] = id;
            at += key.Length;
            uint h = Hash(key);
            _hashes[e] = h;
            int b = (int)(h & (uint)_mask);
            while (_buckets[b] != 0) b = (b + 1) & _mask;
            _buckets[b] = e + 1;
        }
    }

    public bool TryGetValue(ReadOnlySpan<char> key, out int id)
    {
        uint h = Hash(key);
        int b = (int)(h & (uint)_mask);
        int e;
        while ((e = _buckets[b]) != 0)
        {
            e--;
            if (_hashes[e] == h && _lengths[e] == key.Length && key.SequenceEqual(_chars.AsSpan(_starts[e], key.Length)))
            {
                id = _ids[e];
                return true;
            }
            b = (b + 1) & _mask;
        }
        id = -1;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<char> key)
    {
        // Two characters per step; the final mix spreads the high bits into the bucket index.
        uint h = (uint)key.Length * 0x9E3779B1u;
        var pairs = MemoryMarshal.Cast<char, uint>(key);
        foreach (uint p in pairs) h = (h ^ p) * 0x85EBCA6Bu;
        if ((key.Length & 1) != 0) h = (h ^ key[^1]) * 0x85EBCA6Bu;
        h ^= h >> 15;
        h *= 0xC2B2AE35u;
        h ^= h >> 13;
        return h;
    }
}

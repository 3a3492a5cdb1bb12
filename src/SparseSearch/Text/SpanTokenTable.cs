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
    // One 16-byte record per token so a probe touches one cache line.
    private readonly record struct Entry(uint Hash, int Start, int Length, int Id);

    private readonly int[] _buckets;      // entry index + 1; 0 = empty
    private readonly Entry[] _entries;
    private readonly char[] _chars;
    private readonly int _mask;

    public SpanTokenTable(IReadOnlyList<(string Key, int Id)> entries)
    {
        int size = 16;
        while (size < entries.Count * 2) size <<= 1;
        _buckets = new int[size];
        _mask = size - 1;
        _entries = new Entry[entries.Count];
        int totalChars = 0;
        foreach (var (key, _) in entries) totalChars += key.Length;
        _chars = new char[totalChars];
        int at = 0;
        for (int e = 0; e < entries.Count; e++)
        {
            var (key, id) = entries[e];
            key.CopyTo(_chars.AsSpan(at));
            uint h = Hash(key);
            _entries[e] = new Entry(h, at, key.Length, id);
            at += key.Length;
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
            ref readonly Entry entry = ref _entries[e - 1];
            if (entry.Hash == h && entry.Length == key.Length && key.SequenceEqual(_chars.AsSpan(entry.Start, key.Length)))
            {
                id = entry.Id;
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

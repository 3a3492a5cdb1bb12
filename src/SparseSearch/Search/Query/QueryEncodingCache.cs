using System.Collections.Concurrent;

namespace SparseSearch.Search.Query;

/// <summary>
/// A bounded cache of model query encodings by exact query text (a service sees the same queries again; a hybrid
/// query and its parts share them). Off unless a capacity is given. Thread-safe; when full it is cleared rather than
/// tracking recency, which keeps lookups lock-free. Cached vectors are shared: callers must not modify them.
/// </summary>
internal sealed class QueryEncodingCache<T>(int capacity) where T : class
{
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);

    public T GetOrEncode(string text, Func<string, T> encode)
    {
        if (capacity <= 0) return encode(text);
        if (_entries.TryGetValue(text, out var hit)) return hit;
        var value = encode(text);
        if (_entries.Count >= capacity) _entries.Clear();
        _entries.TryAdd(text, value);
        return value;
    }
}

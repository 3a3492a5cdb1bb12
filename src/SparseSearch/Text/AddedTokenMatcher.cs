using System.Buffers;

namespace SparseSearch.Text;

/// <summary>
/// Finds added tokens (such as a literal "[CLS]") in the raw text, before normalization, the way Hugging Face does
/// for tokens with <c>normalized: false</c>: case-sensitive, anywhere in the text, leftmost match first and the
/// longest token at that position.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly (string Content, int Id)[] _byLengthDescending;
    private readonly SearchValues<char> _firstChars;

    public AddedTokenMatcher(IReadOnlyList<(string Content, int Id, bool Special)> tokens)
    {
        var sorted = new List<(string Content, int Id)>();
        foreach (var t in tokens) sorted.Add((t.Content, t.Id));
        sorted.Sort((a, b) => b.Content.Length.CompareTo(a.Content.Length));
        _byLengthDescending = sorted.ToArray();
        var first = new HashSet<char>();
        foreach (var t in sorted) first.Add(t.Content[0]);
        _firstChars = SearchValues.Create(new string([.. first]));
    }

    /// <summary>Whether there is any added token at all.</summary>
    public bool IsEmpty => _byLengthDescending.Length == 0;

    /// <summary>Finds the first added token at or after <paramref name="from"/>.</summary>
    /// <returns>The UTF-16 index of the match, or -1; <paramref name="length"/> and <paramref name="id"/> describe it.</returns>
    public int FindNext(string text, int from, out int length, out int id)
    {
        length = 0;
        id = -1;
        if (IsEmpty) return -1;
        int pos = from;
        while (pos < text.Length)
        {
            int hit = text.AsSpan(pos).IndexOfAny(_firstChars);
            if (hit < 0) return -1;
            pos += hit;
            var rest = text.AsSpan(pos);
            foreach (var (content, tokenId) in _byLengthDescending)
            {
                if (rest.StartsWith(content, StringComparison.Ordinal))
                {
                    length = content.Length;
                    id = tokenId;
                    return pos;
                }
            }
            pos++;
        }
        return -1;
    }
}

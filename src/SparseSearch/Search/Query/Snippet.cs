namespace SparseSearch.Search.Query;

/// <summary>The start of a text, cut at a word boundary.</summary>
public static class Snippet
{
    /// <summary>At most <paramref name="maxChars"/> characters of <paramref name="text"/> (plus "…" when cut), cut
    /// after the last whole word when one fits; null for no text or a zero length.</summary>
    public static string? Make(string? text, int maxChars)
    {
        if (string.IsNullOrEmpty(text) || maxChars <= 0) return null;
        if (text.Length <= maxChars) return text;
        int cut = maxChars;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        int space = text.LastIndexOf(' ', cut - 1, cut);
        if (space > maxChars / 2) cut = space;
        return text[..cut].TrimEnd() + "…";
    }
}

namespace SparseSearch.Text;

/// <summary>Conversions between the code-point offsets the tokenizer reports and .NET's UTF-16 indices.</summary>
public static class TextOffsets
{
    /// <summary>
    /// Converts code-point offsets into <paramref name="text"/> to UTF-16 indices, so that
    /// <c>text[o.Start..o.End]</c> is the token's source text. (0, 0) stays (0, 0).
    /// </summary>
    public static TokenOffset[] ToUtf16(string text, ReadOnlySpan<TokenOffset> offsets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new TokenOffset[offsets.Length];
        if (!HasSurrogates(text))
        {
            offsets.CopyTo(result);
            return result;
        }

        // Code point index → UTF-16 index, one entry per code point plus the end.
        var map = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length; i++)
        {
            map.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
        }
        map.Add(text.Length);
        for (int k = 0; k < offsets.Length; k++)
        {
            var o = offsets[k];
            if ((uint)o.Start >= (uint)map.Count || (uint)o.End >= (uint)map.Count)
                throw new ArgumentOutOfRangeException(nameof(offsets), $"Offset {o} lies outside the text ({map.Count - 1} code points).");
            result[k] = new TokenOffset(map[o.Start], map[o.End]);
        }
        return result;
    }

    private static bool HasSurrogates(string text)
    {
        foreach (char c in text)
            if (char.IsSurrogate(c)) return true;
        return false;
    }
}

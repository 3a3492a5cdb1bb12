namespace SparseSearch.Encoding;

/// <summary>Cuts token-id sequences to a model's maximum length, keeping the final [SEP] last as the reference stack does.</summary>
public static class TokenTruncation
{
    /// <summary>
    /// Returns <paramref name="ids"/> itself when it fits, else its first <c>maxLength - 1</c> ids followed by its last id
    /// (the [SEP]).
    /// </summary>
    public static int[] Truncate(int[] ids, int maxLength, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must leave room for [CLS] and [SEP]");
        truncated = ids.Length > maxLength;
        if (!truncated) return ids;
        var cut = new int[maxLength];
        Array.Copy(ids, cut, maxLength - 1);
        cut[maxLength - 1] = ids[^1];
        return cut;
    }
}

namespace SparseSearch.Text;

/// <summary>
/// Character offsets of one token into the original text, end exclusive. Units are Unicode code points (not UTF-16
/// code units), exactly as Hugging Face <c>tokenizers</c> reports them; use <see cref="TextOffsets.ToUtf16"/> to
/// slice a .NET string. Special tokens added by the post-processor have (0, 0).
/// </summary>
public readonly record struct TokenOffset(int Start, int End);

/// <summary>The result of encoding one text: ids with <c>[CLS]</c>/<c>[SEP]</c>, offsets, and truncation facts.</summary>
public sealed class TokenizedText
{
    /// <summary>Wraps an encoding; normally obtained from <see cref="WordPieceTokenizer.Encode"/>.</summary>
    /// <exception cref="ArgumentException">Ids and offsets differ in length, or <paramref name="untruncatedLength"/> is below it.</exception>
    public TokenizedText(int[] ids, TokenOffset[] offsets, int untruncatedLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(offsets);
        if (ids.Length != offsets.Length)
            throw new ArgumentException($"{ids.Length} ids but {offsets.Length} offsets.", nameof(offsets));
        if (untruncatedLength < ids.Length)
            throw new ArgumentException($"The untruncated length {untruncatedLength} is below the {ids.Length} ids kept.", nameof(untruncatedLength));
        Ids = ids;
        Offsets = offsets;
        UntruncatedLength = untruncatedLength;
    }

    /// <summary>Token ids including <c>[CLS]</c> first and <c>[SEP]</c> last.</summary>
    public int[] Ids { get; }

    /// <summary>One offset per id, in code points of the original text; (0, 0) for <c>[CLS]</c> and <c>[SEP]</c>.</summary>
    public TokenOffset[] Offsets { get; }

    /// <summary>The token count before truncation, special tokens included.</summary>
    public int UntruncatedLength { get; }

    /// <summary>Whether tokens were cut to fit the maximum length.</summary>
    public bool Truncated => UntruncatedLength > Ids.Length;

    /// <summary>Number of tokens (<see cref="Ids"/> length).</summary>
    public int Length => Ids.Length;
}

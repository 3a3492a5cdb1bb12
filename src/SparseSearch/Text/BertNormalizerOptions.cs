namespace SparseSearch.Text;

/// <summary>
/// The settings of Hugging Face's <c>BertNormalizer</c>. <see cref="StripAccents"/> is already resolved: a
/// <c>null</c> <c>strip_accents</c> in tokenizer.json means "same as lowercase", as in <c>tokenizers</c>.
/// </summary>
/// <param name="CleanText">Drop NUL, U+FFFD and control/format/private-use characters; turn whitespace into spaces.</param>
/// <param name="HandleChineseChars">Put spaces around CJK ideographs so each becomes its own word.</param>
/// <param name="StripAccents">Decompose (NFD) and drop nonspacing marks.</param>
/// <param name="Lowercase">Lowercase every character.</param>
public sealed record BertNormalizerOptions(bool CleanText, bool HandleChineseChars, bool StripAccents, bool Lowercase)
{
    /// <summary>bert-base-uncased: everything on (strip_accents follows lowercase).</summary>
    public static BertNormalizerOptions Uncased { get; } = new(true, true, true, true);

    /// <summary>bert-base-cased: clean text and CJK spacing only.</summary>
    public static BertNormalizerOptions Cased { get; } = new(true, true, false, false);

    /// <summary>No normalization at all (a tokenizer.json whose normalizer is null).</summary>
    public static BertNormalizerOptions None { get; } = new(false, false, false, false);
}

using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// The five BERT special tokens. They carry model weight ([UNK] up to 0.84 with splade-tiny) but are not terms, so
/// sparse encoders drop them; [PAD] also fills batches and [SEP] stays last when a text is truncated.
/// </summary>
/// <param name="Pad">[PAD]</param>
/// <param name="Unk">[UNK]</param>
/// <param name="Cls">[CLS]</param>
/// <param name="Sep">[SEP]</param>
/// <param name="Mask">[MASK]</param>
public sealed record SpecialTokenIds(int Pad, int Unk, int Cls, int Sep, int Mask)
{
    /// <summary>The tokenizer's five special ids.</summary>
    public static SpecialTokenIds FromTokenizer(WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new SpecialTokenIds(tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId, tokenizer.MaskId);
    }

    /// <summary>Whether <paramref name="id"/> is one of the five.</summary>
    public bool Contains(int id) => id == Pad || id == Unk || id == Cls || id == Sep || id == Mask;

    /// <summary>The five ids.</summary>
    public int[] ToArray() => [Pad, Unk, Cls, Sep, Mask];
}

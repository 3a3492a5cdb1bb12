namespace SparseSearch.Index.Codec;

/// <summary>The BM25 field's segment files: magic numbers and extensions (formats in <see cref="Bm25FieldWriter"/>).</summary>
internal static class Bm25Files
{
    public const uint TermsMagic = 0x54425353;    // "SSBT"
    public const uint PostingsMagic = 0x50425353; // "SSBP"
    public const uint NormsMagic = 0x4E425353;    // "SSBN"

    public const string TermsExt = ".btm";
    public const string PostingsExt = ".bps";
    public const string NormsExt = ".bnm";

    /// <summary>Postings per block (one skip entry with the block's last doc, max tf and min norm).</summary>
    public const int BlockSize = 128;

    /// <summary>The field's files of <paramref name="segment"/>.</summary>
    public static IEnumerable<string> Names(string segment)
    {
        yield return segment + TermsExt;
        yield return segment + PostingsExt;
        yield return segment + NormsExt;
    }
}

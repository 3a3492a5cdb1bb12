using System.Globalization;
using System.Text;

namespace SparseSearch.Text.Analysis;

/// <summary>
/// The "plain" BM25 analysis of the reference tables: maximal runs of word characters as Python's <c>\w+</c> defines
/// them (Unicode letters, numbers and '_'; combining marks are not word characters), lower-cased, with no stop words
/// and no stemming.
/// </summary>
public sealed class SimpleWordAnalyzer : ITextAnalyzer
{
    /// <summary>Words longer than this are cut into pieces (keeps the per-call stack buffer bounded).</summary>
    public const int MaxTermLength = 1024;

    /// <inheritdoc />
    public void Analyze(ReadOnlySpan<char> text, ITermSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Span<char> buffer = stackalloc char[MaxTermLength + 2];
        int length = 0;
        for (int i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out int consumed) != System.Buffers.OperationStatus.Done)
                rune = Rune.ReplacementChar; // an unpaired surrogate: not a word character
            if (IsWordCharacter(rune))
            {
                length += Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer[length..]);
                if (length >= MaxTermLength)
                {
                    sink.Add(buffer[..length]);
                    length = 0;
                }
            }
            else if (length > 0)
            {
                sink.Add(buffer[..length]);
                length = 0;
            }
            i += consumed;
        }
        if (length > 0)
            sink.Add(buffer[..length]);
    }

    private static bool IsWordCharacter(Rune rune)
    {
        if (rune.Value == '_')
            return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }
}

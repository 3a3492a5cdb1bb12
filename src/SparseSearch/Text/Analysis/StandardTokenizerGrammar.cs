using static SparseSearch.Text.Analysis.Rx;

namespace SparseSearch.Text.Analysis;

/// <summary>
/// The word-segmentation rules of Lucene 9.x's StandardTokenizer (UAX #29 word boundaries over Unicode 12.1 with
/// emoji sequences per UTS #51), restated in the <see cref="Rx"/> algebra. The rules are listed in priority order;
/// the last one consumes any single code point and produces no token (punctuation, spaces, symbols...).
/// </summary>
internal static class StandardTokenizerGrammar
{
    /// <summary>Index of the rule whose matches are discarded.</summary>
    public const int SkipRule = 8;

    /// <summary>Token type of each rule before <see cref="SkipRule"/>.</summary>
    public static readonly StandardTokenType[] RuleTypes =
    [
        StandardTokenType.Emoji, StandardTokenType.Numeric, StandardTokenType.Hangul, StandardTokenType.Katakana,
        StandardTokenType.Alphanumeric, StandardTokenType.SoutheastAsian, StandardTokenType.Ideographic,
        StandardTokenType.Hiragana,
    ];

    public static IReadOnlyList<Rx> Rules()
    {
        static Rx Wb(params WordBreak[] values) => Chars(k => Array.IndexOf(values, k.WordBreak) >= 0);
        static Rx Literal(GrammarLiteral literal) => Chars(k => k.Literal == literal);

        static bool IsExtender(CharKind k) => k.WordBreak is WordBreak.Format or WordBreak.Extend or WordBreak.ZWJ;
        static bool IsAHLetter(CharKind k) => k.WordBreak is WordBreak.ALetter or WordBreak.HebrewLetter;
        static bool IsKeycapBase(CharKind k) => k.Literal is GrammarLiteral.KeycapDigit or GrammarLiteral.KeycapSymbol;

        // WB4: X (Extend | Format | ZWJ)* → X. Inside emoji sequences the two presentation selectors are excluded.
        var extFmtZwj = Star(Chars(IsExtender));
        var extFmtZwjSansPresSel = Star(Chars(k => IsExtender(k)
            && k.Literal is not (GrammarLiteral.TextPresentationSelector or GrammarLiteral.EmojiPresentationSelector)));
        Rx Ex(Rx x) => Seq(x, extFmtZwj);
        Rx EmojiEx(Rx x) => Seq(x, extFmtZwjSansPresSel);

        // Emoji: Extended_Pictographic, or Emoji that is not a regional indicator, keycap base, "accidental"
        // emoji or modifier.
        var emojiChar = Chars(k => k.Has(WordFlags.ExtendedPictographic)
            || (k.Has(WordFlags.Emoji) && !(k.WordBreak == WordBreak.RegionalIndicator || IsKeycapBase(k)
                || k.Literal == GrammarLiteral.AccidentalEmoji || k.Has(WordFlags.EmojiModifier))));
        var zwj = Wb(WordBreak.ZWJ);
        var presentationSelector = Literal(GrammarLiteral.EmojiPresentationSelector);
        var emojiCharOrPresSeqOrModSeq = Alt(
            Seq(Star(zwj), EmojiEx(emojiChar), Opt(presentationSelector)),
            Seq(Opt(Seq(Star(zwj), EmojiEx(Chars(k => k.Has(WordFlags.EmojiModifierBase))))),
                EmojiEx(Chars(k => k.Has(WordFlags.EmojiModifier)))));
        var regionalIndicatorEx = Ex(Wb(WordBreak.RegionalIndicator));
        var emoji = Alt(
            Seq(emojiCharOrPresSeqOrModSeq, Alt(
                Star(Seq(zwj, emojiCharOrPresSeqOrModSeq)),
                Seq(Plus(Literal(GrammarLiteral.TagSpec)), Literal(GrammarLiteral.TagTerm)))),
            Seq(EmojiEx(Chars(IsKeycapBase)), Opt(presentationSelector), EmojiEx(Literal(GrammarLiteral.Keycap))),
            Seq(regionalIndicatorEx, regionalIndicatorEx));

        var ahLetterEx = Ex(Chars(IsAHLetter));
        var numericEx = Ex(Wb(WordBreak.Numeric));
        var katakanaEx = Ex(Wb(WordBreak.Katakana));
        var midLetterEx = Ex(Wb(WordBreak.MidLetter, WordBreak.MidNumLet, WordBreak.SingleQuote));
        var midNumericEx = Ex(Wb(WordBreak.MidNum, WordBreak.MidNumLet, WordBreak.SingleQuote));
        var extendNumLetEx = Ex(Wb(WordBreak.ExtendNumLet));
        var hebrewLetterEx = Ex(Wb(WordBreak.HebrewLetter));
        var singleQuoteEx = Ex(Wb(WordBreak.SingleQuote));
        var doubleQuoteEx = Ex(Wb(WordBreak.DoubleQuote));
        var hangulEx = Ex(Chars(k => k.Has(WordFlags.Hangul) && IsAHLetter(k)));

        // WB8, WB11, WB12, WB13a, WB13b: numbers with inner separators (1,000.5) and connectors.
        var numberRun = Seq(numericEx, Star(Seq(Alt(Star(extendNumLetEx), midNumericEx), numericEx)));
        var number = Seq(Star(extendNumLetEx), numberRun, Star(extendNumLetEx));

        // WB5-WB7c, WB9, WB10, WB13, WB13a, WB13b: letters, digits and katakana joined into one word.
        var wordBody = Alt(
            Seq(katakanaEx, Star(Seq(Star(extendNumLetEx), katakanaEx))),
            Plus(Alt(
                Seq(hebrewLetterEx, Alt(singleQuoteEx, Seq(doubleQuoteEx, hebrewLetterEx))),
                numberRun,
                Seq(ahLetterEx, Star(Seq(Alt(Star(extendNumLetEx), midLetterEx), ahLetterEx))))));
        var word = Seq(Star(extendNumLetEx), wordBody, Star(Seq(Plus(extendNumLetEx), wordBody)), Star(extendNumLetEx));

        return
        [
            emoji,
            number,
            Plus(hangulEx),
            Plus(katakanaEx),
            word,
            Plus(Ex(Chars(k => k.Has(WordFlags.ComplexContext)))), // Thai, Lao, Myanmar, Khmer... kept whole
            Ex(Chars(k => k.Has(WordFlags.Han))),                   // one token per ideograph
            Ex(Chars(k => k.Has(WordFlags.Hiragana))),              // one token per hiragana
            Chars(static _ => true),                                // anything else: skipped
        ];
    }
}

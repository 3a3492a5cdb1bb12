namespace SparseSearch.Text.Analysis;

/// <summary>Single characters the grammar names literally (beyond Unicode properties).</summary>
internal enum GrammarLiteral : byte
{
    None,
    /// <summary>U+FE0E, excluded from the extenders inside emoji sequences.</summary>
    TextPresentationSelector,
    /// <summary>U+FE0F, the emoji presentation selector.</summary>
    EmojiPresentationSelector,
    /// <summary>U+20E3 COMBINING ENCLOSING KEYCAP.</summary>
    Keycap,
    /// <summary>0-9: keycap bases that are also Numeric.</summary>
    KeycapDigit,
    /// <summary># and *: the other keycap bases.</summary>
    KeycapSymbol,
    /// <summary>© ® ™ U+3030 U+303D: Emoji characters only "accidentally" (not emoji on their own).</summary>
    AccidentalEmoji,
    /// <summary>U+E0020..U+E007E, emoji tag specs.</summary>
    TagSpec,
    /// <summary>U+E007F CANCEL TAG, the emoji tag terminator.</summary>
    TagTerm,
}

/// <summary>What the grammar can know about a character: its properties plus which literal it is, if any.</summary>
internal readonly record struct CharKind(WordBreak WordBreak, WordFlags Flags, GrammarLiteral Literal)
{
    public bool Has(WordFlags flag) => (Flags & flag) != 0;
}

/// <summary>
/// Partitions all code points into the few classes the tokenizer grammar can tell apart (the DFA's input alphabet),
/// so the automaton's transition table is indexed by a small class id instead of a code point.
/// </summary>
internal sealed class TokenizerAlphabet
{
    private readonly byte[] _bmp = new byte[0x10000];
    private readonly int[] _supplementaryStarts;
    private readonly byte[] _supplementaryClasses;
    private readonly List<CharKind> _kinds = new();
    private readonly Dictionary<CharKind, byte> _ids = new();

    public TokenizerAlphabet()
    {
        var starts = new List<int>();
        var classes = new List<byte>();
        UnicodeWordProperties.ForEachRun((start, end, packed) =>
        {
            for (int cp = start; cp < end && cp < 0x10000; cp++)
                _bmp[cp] = Intern(KindOf(cp, packed));
            for (int cp = Math.Max(start, 0x10000); cp < end;)
            {
                // Only the tag characters are literals above the BMP; everything else is uniform per run.
                int next = cp >= 0xE0020 && cp <= 0xE007F ? cp + 1 : NextLiteralBoundary(cp, end);
                byte id = Intern(KindOf(cp, packed));
                if (classes.Count == 0 || classes[^1] != id)
                {
                    starts.Add(cp);
                    classes.Add(id);
                }
                cp = next;
            }
        });
        _supplementaryStarts = starts.ToArray();
        _supplementaryClasses = classes.ToArray();
    }

    /// <summary>Number of classes; class ids are 0..Count-1.</summary>
    public int Count => _kinds.Count;

    /// <summary>The properties shared by every code point of class <paramref name="id"/>.</summary>
    public CharKind KindOfClass(int id) => _kinds[id];

    /// <summary>The class of a code point (unpaired surrogates included: they classify as Other).</summary>
    public int ClassOf(int codePoint)
    {
        if (codePoint < 0x10000)
            return _bmp[codePoint];
        int index = Array.BinarySearch(_supplementaryStarts, codePoint);
        if (index < 0)
            index = ~index - 1;
        return _supplementaryClasses[index];
    }

    private static int NextLiteralBoundary(int cp, int end) => cp < 0xE0020 && end > 0xE0020 ? 0xE0020 : end;

    private byte Intern(CharKind kind)
    {
        if (_ids.TryGetValue(kind, out byte id))
            return id;
        if (_kinds.Count == 256)
            throw new InvalidOperationException("Tokenizer alphabet exceeds 256 classes.");
        id = (byte)_kinds.Count;
        _kinds.Add(kind);
        _ids.Add(kind, id);
        return id;
    }

    private static CharKind KindOf(int cp, ushort packed)
    {
        var literal = cp switch
        {
            0xFE0E => GrammarLiteral.TextPresentationSelector,
            0xFE0F => GrammarLiteral.EmojiPresentationSelector,
            0x20E3 => GrammarLiteral.Keycap,
            >= '0' and <= '9' => GrammarLiteral.KeycapDigit,
            '#' or '*' => GrammarLiteral.KeycapSymbol,
            0xA9 or 0xAE or 0x2122 or 0x3030 or 0x303D => GrammarLiteral.AccidentalEmoji,
            >= 0xE0020 and <= 0xE007E => GrammarLiteral.TagSpec,
            0xE007F => GrammarLiteral.TagTerm,
            _ => GrammarLiteral.None,
        };
        return new CharKind(UnicodeWordProperties.WordBreakOf(packed), UnicodeWordProperties.FlagsOf(packed), literal);
    }
}

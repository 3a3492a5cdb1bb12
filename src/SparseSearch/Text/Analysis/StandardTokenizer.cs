namespace SparseSearch.Text.Analysis;

/// <summary>Token types of <see cref="StandardTokenizer"/>, as Lucene's StandardTokenizer names them.</summary>
public enum StandardTokenType : byte
{
    /// <summary>&lt;ALPHANUM&gt;: letters and digits (words, "u.s.a", "don't", "1β").</summary>
    Alphanumeric,
    /// <summary>&lt;NUM&gt;: a number ("3.14", "1,000,000").</summary>
    Numeric,
    /// <summary>&lt;SOUTHEAST_ASIAN&gt;: a run of Thai, Lao, Myanmar, Khmer... (Line_Break = Complex_Context).</summary>
    SoutheastAsian,
    /// <summary>&lt;IDEOGRAPHIC&gt;: a single CJK ideograph.</summary>
    Ideographic,
    /// <summary>&lt;HIRAGANA&gt;: a single hiragana character.</summary>
    Hiragana,
    /// <summary>&lt;KATAKANA&gt;: a run of katakana.</summary>
    Katakana,
    /// <summary>&lt;HANGUL&gt;: a run of Hangul.</summary>
    Hangul,
    /// <summary>&lt;EMOJI&gt;: an emoji or emoji sequence (modifiers, ZWJ sequences, flags, keycaps, tags).</summary>
    Emoji,
}

/// <summary>A token: a span of the input text (UTF-16 offsets) and its type.</summary>
public readonly record struct StandardToken(int Start, int Length, StandardTokenType Type);

/// <summary>
/// Word segmentation equivalent to Lucene 9.x's StandardTokenizer: UAX #29 word boundaries over Unicode 12.1, with
/// Lucene's token types, emoji sequences, and its maximum token length (255 by default). Like Lucene's scanner,
/// which never looks further than its token-length-sized buffer, a word longer than the maximum is cut into pieces
/// of at most that many UTF-16 units, each the longest match within its window.
/// </summary>
/// <remarks>Allocation-free: a ref struct walking the span. Create one per text.</remarks>
public ref struct StandardTokenizer
{
    /// <summary>Lucene's default maximum token length (StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH).</summary>
    public const int DefaultMaxTokenLength = 255;

    private readonly ReadOnlySpan<char> _text;
    private readonly int _maxTokenLength;
    private readonly StandardTokenizerAutomaton _automaton;
    private int _position;

    /// <summary>Tokenizes <paramref name="text"/> with tokens of at most <paramref name="maxTokenLength"/> UTF-16 units.</summary>
    public StandardTokenizer(ReadOnlySpan<char> text, int maxTokenLength = DefaultMaxTokenLength)
    {
        if (maxTokenLength < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTokenLength), maxTokenLength, "must be at least 2 (one surrogate pair)");
        _text = text;
        _maxTokenLength = maxTokenLength;
        _automaton = StandardTokenizerAutomaton.Instance;
        _position = 0;
    }

    /// <summary>Advances to the next token; false at the end of the text.</summary>
    public bool MoveNext(out StandardToken token)
    {
        var dfa = _automaton.Dfa;
        var alphabet = _automaton.Alphabet;
        while (_position < _text.Length)
        {
            int start = _position;
            int limit = Math.Min(_text.Length, start + _maxTokenLength);
            // Lucene's scanner holds back a high surrogate at the end of a full buffer: never split a pair.
            if (limit < _text.Length && char.IsHighSurrogate(_text[limit - 1]) && char.IsLowSurrogate(_text[limit]))
                limit--;

            int state = dfa.Start, pos = start, acceptEnd = -1, acceptRule = -1;
            while (pos < limit)
            {
                int cp = _text[pos], width = 1;
                if (char.IsHighSurrogate((char)cp) && pos + 1 < limit && char.IsLowSurrogate(_text[pos + 1]))
                {
                    cp = char.ConvertToUtf32((char)cp, _text[pos + 1]);
                    width = 2;
                }
                state = dfa.Next(state, alphabet.ClassOf(cp));
                if (state == LexerDfa.Dead)
                    break;
                pos += width;
                int rule = dfa.AcceptingRule(state);
                if (rule >= 0)
                {
                    acceptEnd = pos;
                    acceptRule = rule;
                }
            }

            if (acceptEnd < 0) // unreachable: the skip rule accepts any single code point
                throw new InvalidOperationException($"Tokenizer grammar matched nothing at offset {start}.");
            _position = acceptEnd;
            if (acceptRule == StandardTokenizerGrammar.SkipRule)
                continue;
            token = new StandardToken(start, acceptEnd - start, StandardTokenizerGrammar.RuleTypes[acceptRule]);
            return true;
        }
        token = default;
        return false;
    }
}

/// <summary>The compiled grammar: built once per process (a few milliseconds), immutable and shared by all threads.</summary>
internal sealed class StandardTokenizerAutomaton
{
    private static readonly Lazy<StandardTokenizerAutomaton> Shared = new(() => new StandardTokenizerAutomaton());

    private StandardTokenizerAutomaton()
    {
        Alphabet = new TokenizerAlphabet();
        Dfa = LexerDfa.Build(StandardTokenizerGrammar.Rules(), Alphabet);
    }

    public static StandardTokenizerAutomaton Instance => Shared.Value;

    public TokenizerAlphabet Alphabet { get; }

    public LexerDfa Dfa { get; }
}

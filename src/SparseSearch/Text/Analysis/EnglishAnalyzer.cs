using System.Text;

namespace SparseSearch.Text.Analysis;

/// <summary>
/// The English analyzer of Lucene 9.8 as Anserini uses it for BM25: <see cref="StandardTokenizer"/>, then the English
/// possessive filter (drops a trailing 's, ’s or ＇s), lower-casing (per code point, Java's simple case mapping),
/// Lucene's 33-word English stop set, and the <see cref="PorterStemmer"/>. Thread-safe and allocation-free per token
/// (terms are handed out as spans over a stack buffer).
/// </summary>
public sealed class EnglishAnalyzer : ITextAnalyzer
{
    private readonly int _maxTokenLength;

    /// <summary>An analyzer with Lucene's default maximum token length, 255.</summary>
    public EnglishAnalyzer() : this(StandardTokenizer.DefaultMaxTokenLength) { }

    /// <summary>An analyzer whose tokenizer cuts tokens at <paramref name="maxTokenLength"/> UTF-16 units.</summary>
    public EnglishAnalyzer(int maxTokenLength)
    {
        if (maxTokenLength < 2 || maxTokenLength > 4096)
            throw new ArgumentOutOfRangeException(nameof(maxTokenLength), maxTokenLength, "must be within [2, 4096]");
        _maxTokenLength = maxTokenLength;
    }

    /// <summary>Feeds every term of <paramref name="text"/> to <paramref name="sink"/>.</summary>
    public void Analyze(ReadOnlySpan<char> text, ITermSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        // Lower-casing maps a code point to one of the same UTF-16 length in practice; twice the token size is the
        // safe bound. One stack buffer per call keeps the per-token path allocation-free.
        Span<char> buffer = stackalloc char[2 * _maxTokenLength];
        var tokenizer = new StandardTokenizer(text, _maxTokenLength);
        while (tokenizer.MoveNext(out var token))
        {
            var raw = text.Slice(token.Start, token.Length);
            raw = StripPossessive(raw);
            int length = LowerCase(raw, buffer);
            var term = buffer[..length];
            if (EnglishStopWords.Contains(term))
                continue;
            length = PorterStemmer.Stem(term);
            sink.Add(buffer[..length]);
        }
    }

    /// <summary>The terms of <paramref name="text"/> as strings, in order.</summary>
    public List<string> Terms(string text) => TermCollector.Collect(this, text);

    /// <summary>EnglishPossessiveFilter: a token ending in 's / ’s / ＇s (any case of s) loses those two characters.</summary>
    internal static ReadOnlySpan<char> StripPossessive(ReadOnlySpan<char> token)
    {
        int n = token.Length;
        if (n >= 2 && token[n - 1] is 's' or 'S' && token[n - 2] is '\'' or '\u2019' or '\uFF07')
            return token[..(n - 2)];
        return token;
    }

    /// <summary>
    /// LowerCaseFilter: Java's Character.toLowerCase per code point (simple case mapping). .NET's invariant mapping
    /// agrees except for U+0130 (İ), which Java maps to 'i' and .NET leaves unchanged.
    /// </summary>
    internal static int LowerCase(ReadOnlySpan<char> source, Span<char> destination)
    {
        int written = 0;
        for (int i = 0; i < source.Length;)
        {
            char c = source[i];
            if (c < 0x80)
            {
                destination[written++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf16(source[i..], out var rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                destination[written++] = c; // an unpaired surrogate stays as it is, as in Java
                i++;
                continue;
            }
            var lower = rune.Value == 0x130 ? new Rune('i') : Rune.ToLowerInvariant(rune);
            written += lower.EncodeToUtf16(destination[written..]);
            i += consumed;
        }
        return written;
    }
}


namespace SparseSearch.Text;

/// <summary>
/// The encoding pipeline of one tokenizer: added tokens split out of the raw text, then normalizer and
/// pre-tokenizer fused into one pass over the characters, then greedy longest-match-first WordPiece per word.
/// Produces word pieces with code-point offsets into the original text, without special tokens.
/// </summary>
internal sealed class WordPieceEncoder
{
    private readonly Vocabulary _vocab;
    private readonly NormalizerMap _map;
    private readonly AddedTokenMatcher _added;
    private readonly int _unkId;
    private readonly int _maxInputChars;

    public WordPieceEncoder(Vocabulary vocab, NormalizerMap map, AddedTokenMatcher added, int unkId, int maxInputChars)
    {
        _vocab = vocab;
        _map = map;
        _added = added;
        _unkId = unkId;
        _maxInputChars = maxInputChars;
    }

    /// <summary>Appends the word pieces of <paramref name="text"/> to the workspace (which the caller has reset).</summary>
    public void Encode(string text, EncodeWorkspace ws)
    {
        int pos = 0, cp = 0;
        while (true)
        {
            int match = _added.FindNext(text, pos, out int matchLength, out int matchId);
            int segmentEnd = match < 0 ? text.Length : match;
            cp = EncodeSegment(text, pos, segmentEnd, cp, ws);
            if (match < 0) return;
            int matchCodePoints = CountCodePoints(text.AsSpan(match, matchLength));
            ws.AddToken(matchId, cp, cp + matchCodePoints);
            cp += matchCodePoints;
            pos = match + matchLength;
        }
    }

    /// <summary>Normalizes, pre-tokenizes and word-pieces text[from..to); returns the code point index reached.</summary>
    private int EncodeSegment(string text, int from, int to, int cp, EncodeWorkspace ws)
    {
        // The hot loop: one table read per BMP character; astral and multi-character outputs take the slow path.
        for (int i = from; i < to; i++, cp++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < to && char.IsLowSurrogate(text[i + 1]))
            {
                ApplyAstral(char.ConvertToUtf32(c, text[i + 1]), cp, ws);
                i++;
                continue;
            }
            switch (_map.Lookup(c, out int payload))
            {
                case CharAction.Append:
                    ws.AppendChar((char)payload, cp, cp + 1);
                    ws.WordCodePoints++;
                    break;
                case CharAction.Split:
                    FlushWord(ws);
                    break;
                case CharAction.Isolate:
                    FlushWord(ws);
                    ws.AppendChar((char)payload, cp, cp + 1);
                    ws.WordCodePoints++;
                    FlushWord(ws);
                    break;
                case CharAction.Expand:
                    ApplyOutputs(_map.Expansion(payload), cp, ws);
                    break;
                case CharAction.Drop:
                    break;
            }
        }
        FlushWord(ws);
        return cp;
    }

    private void ApplyAstral(int codePoint, int cp, EncodeWorkspace ws)
    {
        Span<int> outputs = stackalloc int[BertCharClasses.MaxExpansion];
        int n = BertCharClasses.NormalizeCodePoint(codePoint, _map.Options, outputs);
        ApplyOutputs(outputs[..n], cp, ws);
    }

    /// <summary>Pre-tokenizes the normalizer's output for one source character (source code point <paramref name="cp"/>).</summary>
    private void ApplyOutputs(ReadOnlySpan<int> outputs, int cp, EncodeWorkspace ws)
    {
        foreach (int o in outputs)
        {
            if (BertCharClasses.IsWhitespace(o))
            {
                FlushWord(ws);
                continue;
            }
            bool punct = BertCharClasses.IsPunctuation(o);
            if (punct) FlushWord(ws);
            if (o < 0x10000)
            {
                ws.AppendChar((char)o, cp, cp + 1);
            }
            else
            {
                int v = o - 0x10000;
                ws.AppendChar((char)(0xD800 + (v >> 10)), cp, cp + 1);
                ws.AppendChar((char)(0xDC00 + (v & 0x3FF)), cp, cp + 1);
            }
            ws.WordCodePoints++;
            if (punct) FlushWord(ws);
        }
    }

    /// <summary>WordPiece over the buffered word: greedy longest match first, or one [UNK] for the whole word.</summary>
    private void FlushWord(EncodeWorkspace ws)
    {
        int n = ws.WordLength;
        if (n == 0) return;
        int wordCodePoints = ws.WordCodePoints;
        ws.WordLength = 0;
        ws.WordCodePoints = 0;
        int[] starts = ws.WordStart, ends = ws.WordEnd;
        if (wordCodePoints > _maxInputChars)
        {
            ws.AddToken(_unkId, starts[0], ends[n - 1]);
            return;
        }

        var word = ws.Word.AsSpan(0, n);
        int firstToken = ws.Count;
        int start = 0;
        while (start < n)
        {
            // No vocabulary entry is longer than the longest token, so longer candidates need no lookup.
            int limit = start == 0 ? _vocab.MaxTokenChars : _vocab.MaxContinuationChars;
            int end = Math.Min(n, start + limit);
            int id = -1;
            while (end > start)
            {
                if (end < n && char.IsLowSurrogate(word[end]) && char.IsHighSurrogate(word[end - 1]))
                {
                    end--;
                    continue;
                }
                var piece = word[start..end];
                if (start == 0 ? _vocab.TryGetId(piece, out id) : _vocab.TryGetContinuationId(piece, out id)) break;
                id = -1;
                end--;
            }
            if (id < 0)
            {
                ws.Count = firstToken;
                ws.AddToken(_unkId, starts[0], ends[n - 1]);
                return;
            }
            ws.AddToken(id, starts[start], ends[end - 1]);
            start = end;
        }
    }

    private static int CountCodePoints(ReadOnlySpan<char> s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++, n++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        return n;
    }
}

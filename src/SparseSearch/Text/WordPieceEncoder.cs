namespace SparseSearch.Text;

/// <summary>
/// The encoding pipeline of one tokenizer: added tokens split out of the raw text, then normalizer and
/// pre-tokenizer fused into one pass over the characters, then greedy longest-match-first WordPiece per word.
/// Produces word pieces with code-point offsets into the original text, without special tokens.
/// </summary>
/// <remarks>
/// Every normalized character comes from exactly one source code point, so a character's offset is [s, s+1) for
/// its source index s, and a piece spanning word characters [a, b) has offset (source[a], source[b-1] + 1): the
/// alignment rule of Hugging Face's NormalizedString, where removed characters vanish and inserted or expanded
/// ones inherit their origin.
/// </remarks>
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
        // The hot loop: one table read per BMP character, the word kept in locals; no allocation. Astral characters
        // and multi-character outputs take the slow path.
        char[] word = ws.Word;
        int[] source = ws.WordSource;
        int len = 0;
        for (int i = from; i < to; i++, cp++)
        {
            char c = text[i];
            CharAction action;
            int payload;
            if (char.IsHighSurrogate(c) && i + 1 < to && char.IsLowSurrogate(text[i + 1]))
            {
                len = ApplyAstral(char.ConvertToUtf32(c, text[i + 1]), cp, ws, len);
                word = ws.Word;
                source = ws.WordSource;
                i++;
                continue;
            }
            action = _map.Lookup(c, out payload);
            if (action == CharAction.Append)
            {
                if (len == word.Length) { ws.GrowWord(); word = ws.Word; source = ws.WordSource; }
                word[len] = (char)payload;
                source[len] = cp;
                len++;
                continue;
            }
            switch (action)
            {
                case CharAction.Split:
                    len = FlushWord(ws, len);
                    break;
                case CharAction.Isolate:
                    len = FlushWord(ws, len);
                    word[0] = (char)payload;
                    source[0] = cp;
                    len = FlushWord(ws, 1);
                    break;
                case CharAction.Expand:
                    len = ApplyOutputs(_map.Expansion(payload), cp, ws, len);
                    word = ws.Word;
                    source = ws.WordSource;
                    break;
            }
        }
        FlushWord(ws, len);
        return cp;
    }

    private int ApplyAstral(int codePoint, int cp, EncodeWorkspace ws, int len)
    {
        Span<int> outputs = stackalloc int[BertCharClasses.MaxExpansion];
        int n = BertCharClasses.NormalizeCodePoint(codePoint, _map.Options, outputs);
        return ApplyOutputs(outputs[..n], cp, ws, len);
    }

    /// <summary>Pre-tokenizes the normalizer's output for one source code point; returns the new word length.</summary>
    private int ApplyOutputs(ReadOnlySpan<int> outputs, int cp, EncodeWorkspace ws, int len)
    {
        foreach (int o in outputs)
        {
            if (BertCharClasses.IsWhitespace(o))
            {
                len = FlushWord(ws, len);
                continue;
            }
            bool punct = BertCharClasses.IsPunctuation(o);
            if (punct) len = FlushWord(ws, len);
            if (len + 2 > ws.Word.Length) ws.GrowWord();
            if (o < 0x10000)
            {
                ws.Word[len] = (char)o;
                ws.WordSource[len++] = cp;
            }
            else
            {
                int v = o - 0x10000;
                ws.Word[len] = (char)(0xD800 + (v >> 10));
                ws.WordSource[len++] = cp;
                ws.Word[len] = (char)(0xDC00 + (v & 0x3FF));
                ws.WordSource[len++] = cp;
            }
            if (punct) len = FlushWord(ws, len);
        }
        return len;
    }

    /// <summary>WordPiece over the first <paramref name="n"/> word characters: greedy longest match first, or one [UNK] for the whole word. Returns 0 (the new word length).</summary>
    private int FlushWord(EncodeWorkspace ws, int n)
    {
        if (n == 0) return 0;
        var word = ws.Word.AsSpan(0, n);
        int[] source = ws.WordSource;
        // max_input_chars_per_word counts code points; a word no longer than the limit in UTF-16 units is within it.
        if (n > _maxInputChars && CountCodePoints(word) > _maxInputChars)
        {
            ws.AddToken(_unkId, source[0], source[n - 1] + 1);
            return 0;
        }

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
                ws.AddToken(_unkId, source[0], source[n - 1] + 1);
                return 0;
            }
            ws.AddToken(id, source[start], source[end - 1] + 1);
            start = end;
        }
        return 0;
    }

    private static int CountCodePoints(ReadOnlySpan<char> s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++, n++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
        return n;
    }
}

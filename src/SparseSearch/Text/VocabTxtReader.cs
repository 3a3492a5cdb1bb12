namespace SparseSearch.Text;

/// <summary>
/// Reads a BERT <c>vocab.txt</c>: one token per line, the line number (from 0) is the id. Settings are BERT's
/// defaults: <c>[UNK]</c>, <c>##</c> continuations, 100 characters per word, <c>[CLS]</c> … <c>[SEP]</c>, and the
/// five special tokens split out of raw text. The vocabulary decides the casing: uncased (lowercase and strip
/// accents) unless some ordinary (non-bracketed) token has an ASCII capital, as in bert-base-cased.
/// </summary>
internal static class VocabTxtReader
{
    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    public static TokenizerDefinition Read(string path, BertNormalizerOptions? normalizer = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new TokenizerFormatException(path, "cannot be read: " + e.Message, e);
        }

        // Like tokenizers' WordPiece::read_file: one token per line, trailing whitespace trimmed.
        var lines = text.Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0) count--;
        if (count == 0) throw new TokenizerFormatException(path, "the vocabulary is empty (expected one WordPiece token per line).");
        var tokens = new string[count];
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        bool hasUpper = false;
        for (int i = 0; i < count; i++)
        {
            string token = lines[i].TrimEnd();
            if (token.Length == 0)
                throw new TokenizerFormatException(path, $"line {i + 1} is empty (expected one WordPiece token per line).");
            if (!seen.TryAdd(token, i))
                throw new TokenizerFormatException(path, $"line {i + 1}: token \"{token}\" already appears on line {seen[token] + 1}.");
            tokens[i] = token;
            if (!(token.StartsWith('[') && token.EndsWith(']')))
                foreach (char c in token) hasUpper |= char.IsAsciiLetterUpper(c);
        }

        var added = new List<(string, int, bool)>();
        foreach (string special in SpecialTokens)
        {
            if (!seen.TryGetValue(special, out int id))
                throw new TokenizerFormatException(path, $"the vocabulary has no {special} token (a BERT vocab.txt has [PAD], [UNK], [CLS], [SEP] and [MASK]).");
            added.Add((special, id, true));
        }

        return new TokenizerDefinition(
            path, tokens,
            normalizer ?? (hasUpper ? BertNormalizerOptions.Cased : BertNormalizerOptions.Uncased),
            "[UNK]", "##", 100, added, seen["[CLS]"], seen["[SEP]"]);
    }
}

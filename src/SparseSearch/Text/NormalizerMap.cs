namespace SparseSearch.Text;

/// <summary>What the fused normalizer + pre-tokenizer does with one input character.</summary>
internal enum CharAction : byte
{
    /// <summary>Removed by the normalizer.</summary>
    Drop,
    /// <summary>Becomes whitespace: ends the current word.</summary>
    Split,
    /// <summary>One output character that stays inside the current word.</summary>
    Append,
    /// <summary>One output character that is a word by itself (punctuation, or a CJK ideograph with spacing on).</summary>
    Isolate,
    /// <summary>Several output characters: handled one by one by the slow path.</summary>
    Expand,
}

/// <summary>
/// The normalizer of one configuration compiled into a table over the Basic Multilingual Plane, so the hot loop
/// does one array read per character; astral characters and multi-character outputs go through
/// <see cref="BertCharClasses.NormalizeCodePoint"/>.
/// </summary>
internal sealed class NormalizerMap
{
    // Entry: action in bits 24..31, output char (Append/Isolate) or expansion index (Expand) in bits 0..23.
    private readonly uint[] _bmp = new uint[0x10000];
    private readonly int[][] _expansions;

    public NormalizerMap(BertNormalizerOptions options)
    {
        Options = options;
        var expansions = new List<int[]>();
        Span<int> buffer = stackalloc int[BertCharClasses.MaxExpansion];
        for (int c = 0; c < 0x10000; c++)
        {
            if (c >= 0xD800 && c <= 0xDFFF)
            {
                // A lone surrogate cannot occur in Rust strings; treat it like U+FFFD, which is what it decodes to.
                _bmp[c] = Compile(0xFFFD, options, buffer, expansions);
                continue;
            }
            _bmp[c] = Compile(c, options, buffer, expansions);
        }
        _expansions = expansions.ToArray();
    }

    public BertNormalizerOptions Options { get; }

    /// <summary>Looks a BMP character up.</summary>
    public CharAction Lookup(char c, out int payload)
    {
        uint e = _bmp[c];
        payload = (int)(e & 0xFFFFFF);
        return (CharAction)(e >> 24);
    }

    /// <summary>The output code points of an <see cref="CharAction.Expand"/> entry.</summary>
    public int[] Expansion(int index) => _expansions[index];

    private static uint Compile(int c, BertNormalizerOptions options, Span<int> buffer, List<int[]> expansions)
    {
        int n = BertCharClasses.NormalizeCodePoint(c, options, buffer);
        var output = buffer[..n];
        if (n == 0) return Entry(CharAction.Drop, 0);
        bool allSpace = true;
        foreach (int o in output) allSpace &= BertCharClasses.IsWhitespace(o);
        if (allSpace) return Entry(CharAction.Split, 0);
        if (n == 1 && output[0] < 0x10000)
            return Entry(BertCharClasses.IsPunctuation(output[0]) ? CharAction.Isolate : CharAction.Append, output[0]);
        if (n == 3 && output[1] < 0x10000 && BertCharClasses.IsWhitespace(output[0]) && BertCharClasses.IsWhitespace(output[2])
            && !BertCharClasses.IsWhitespace(output[1]))
            return Entry(CharAction.Isolate, output[1]);
        expansions.Add(output.ToArray());
        return Entry(CharAction.Expand, expansions.Count - 1);
    }

    private static uint Entry(CharAction action, int payload) => ((uint)action << 24) | (uint)payload;
}

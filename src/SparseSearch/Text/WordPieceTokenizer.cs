namespace SparseSearch.Text;

/// <summary>
/// BERT WordPiece tokenizer with exact Hugging Face <c>tokenizers</c> parity (ids and offsets), loaded from a
/// <c>tokenizer.json</c> or a <c>vocab.txt</c>. Thread-safe: one instance can encode from many threads.
/// </summary>
/// <remarks>
/// Offsets are in Unicode code points of the original text, as <c>tokenizers</c> reports them (see
/// <see cref="TokenOffset"/>). A lone UTF-16 surrogate, which a Rust string cannot hold, is treated as U+FFFD.
/// </remarks>
public sealed class WordPieceTokenizer
{
    private const int ParallelBatchThreshold = 32;

    private readonly Vocabulary _vocab;
    private readonly WordPieceEncoder _encoder;
    private readonly bool[] _special;
    // A few reusable workspaces so single Encode calls allocate only their results, also from several threads.
    private readonly EncodeWorkspace?[] _spareWorkspaces = new EncodeWorkspace?[Math.Clamp(Environment.ProcessorCount, 2, 16)];

    private WordPieceTokenizer(TokenizerDefinition def)
    {
        try
        {
            _vocab = new Vocabulary(def.Tokens, def.ContinuationPrefix);
        }
        catch (ArgumentException e)
        {
            throw new TokenizerFormatException(def.SourcePath, "vocabulary: " + e.Message, e);
        }
        SourcePath = def.SourcePath;
        Normalizer = def.Normalizer;
        UnkId = Require(def, def.UnkToken);
        PadId = Require(def, "[PAD]");
        MaskId = Require(def, "[MASK]");
        ClsId = def.ClsId;
        SepId = def.SepId;
        _special = new bool[def.Tokens.Length];
        foreach (var (_, id, special) in def.AddedTokens) _special[id] |= special;
        foreach (int id in (int[])[PadId, UnkId, ClsId, SepId, MaskId]) _special[id] = true;
        _encoder = new WordPieceEncoder(_vocab, new NormalizerMap(def.Normalizer), new AddedTokenMatcher(def.AddedTokens), UnkId, def.MaxInputCharsPerWord);
    }

    /// <summary>
    /// Loads a tokenizer from a Hugging Face <c>tokenizer.json</c>, a BERT <c>vocab.txt</c> (chosen by extension,
    /// else by content) or a model folder holding one of them (tokenizer.json preferred).
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="path"/>; the message names it.</exception>
    /// <exception cref="TokenizerFormatException">The file is malformed or unsupported; the message names it and the setting.</exception>
    public static WordPieceTokenizer FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            string json = Path.Combine(path, "tokenizer.json"), txt = Path.Combine(path, "vocab.txt");
            if (File.Exists(json)) path = json;
            else if (File.Exists(txt)) path = txt;
            else throw new FileNotFoundException($"No tokenizer in folder {path}: expected {json} or {txt}.", json);
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        return new WordPieceTokenizer(LooksLikeJson(path) ? TokenizerJsonReader.Read(path) : VocabTxtReader.Read(path));
    }

    /// <summary>Loads a BERT <c>vocab.txt</c> with explicit normalizer settings instead of the casing guessed from the vocabulary.</summary>
    public static WordPieceTokenizer FromVocabFile(string path, BertNormalizerOptions normalizer)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        return new WordPieceTokenizer(VocabTxtReader.Read(path, normalizer));
    }

    /// <summary>The file this tokenizer was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The normalizer settings in force.</summary>
    public BertNormalizerOptions Normalizer { get; }

    /// <summary>Number of vocabulary entries (ids are 0..VocabSize-1).</summary>
    public int VocabSize => _vocab.Count;

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PadId { get; }

    /// <summary>Id of the unknown token (<c>[UNK]</c>).</summary>
    public int UnkId { get; }

    /// <summary>Id of <c>[CLS]</c>, put first by <see cref="Encode"/>.</summary>
    public int ClsId { get; }

    /// <summary>Id of <c>[SEP]</c>, put last by <see cref="Encode"/>.</summary>
    public int SepId { get; }

    /// <summary>Id of <c>[MASK]</c>.</summary>
    public int MaskId { get; }

    /// <summary>SHA-256 (lowercase hex) of the vocabulary tokens in id order joined by '\n': an index can refuse a model whose vocabulary differs.</summary>
    public string VocabularyChecksum => _vocab.Checksum;

    /// <summary>Looks a vocabulary token up by its exact text (e.g. "##ing").</summary>
    public bool TryGetId(ReadOnlySpan<char> token, out int id) => _vocab.TryGetId(token, out id);

    /// <summary>The vocabulary token of an id (e.g. "##ing").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..VocabSize-1.</exception>
    public string GetToken(int id)
    {
        if ((uint)id >= (uint)_vocab.Count)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id must be in 0..{_vocab.Count - 1}.");
        return _vocab[id];
    }

    /// <summary>Whether an id is a special token ([PAD], [UNK], [CLS], [SEP], [MASK] or another added special token).</summary>
    public bool IsSpecialId(int id) => (uint)id < (uint)_special.Length && _special[id];

    /// <summary>
    /// Encodes one text as the model sees it: <c>[CLS]</c>, the word pieces, <c>[SEP]</c>. When the result would be
    /// longer than <paramref name="maxLength"/> (special tokens counted), word pieces are cut from the end and
    /// <c>[SEP]</c> stays last, as Hugging Face's right truncation does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is below 2.</exception>
    public TokenizedText Encode(string text, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must leave room for [CLS] and [SEP] (at least 2).");
        var ws = RentWorkspace();
        try
        {
            return EncodeWith(text, maxLength, ws);
        }
        finally
        {
            ReturnWorkspace(ws);
        }
    }

    /// <summary>Encodes many texts, in parallel for larger batches; item i equals <c>Encode(texts[i], maxLength)</c>.</summary>
    public TokenizedText[] EncodeBatch(IReadOnlyList<string> texts, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must leave room for [CLS] and [SEP] (at least 2).");
        for (int i = 0; i < texts.Count; i++)
            if (texts[i] is null) throw new ArgumentException($"texts[{i}] is null.", nameof(texts));
        var results = new TokenizedText[texts.Count];
        if (texts.Count < ParallelBatchThreshold || Environment.ProcessorCount == 1)
        {
            for (int i = 0; i < results.Length; i++) results[i] = Encode(texts[i], maxLength);
            return results;
        }
        Parallel.For(0, results.Length, () => new EncodeWorkspace(), (i, _, ws) =>
        {
            results[i] = EncodeWith(texts[i], maxLength, ws);
            return ws;
        }, _ => { });
        return results;
    }

    /// <summary>
    /// The word pieces of <paramref name="text"/> without <c>[CLS]</c>/<c>[SEP]</c> and without truncation, in text
    /// order (duplicates kept). Literal special tokens in the text (e.g. "[MASK]") still appear; filter with
    /// <see cref="IsSpecialId"/> when only ordinary pieces are wanted.
    /// </summary>
    public int[] EncodeWordPieces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ws = RentWorkspace();
        try
        {
            ws.Reset();
            _encoder.Encode(text, ws);
            return ws.Ids.AsSpan(0, ws.Count).ToArray();
        }
        finally
        {
            ReturnWorkspace(ws);
        }
    }

    /// <summary>
    /// The distinct ordinary word-piece ids of <paramref name="text"/> in ascending order, special tokens ([UNK],
    /// literal "[CLS]" and the like) left out: the terms of an inference-free (IDF-weighted) query.
    /// </summary>
    public int[] GetDistinctTermIds(string text)
    {
        int[] ids = EncodeWordPieces(text);
        Array.Sort(ids);
        int n = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            if (IsSpecialId(ids[i]) || (n > 0 && ids[n - 1] == ids[i])) continue;
            ids[n++] = ids[i];
        }
        return ids[..n];
    }

    private TokenizedText EncodeWith(string text, int maxLength, EncodeWorkspace ws)
    {
        ws.Reset();
        _encoder.Encode(text, ws);
        int pieces = ws.Count;
        int kept = (int)Math.Min(pieces, (long)maxLength - 2);
        var ids = new int[kept + 2];
        var offsets = new TokenOffset[kept + 2];
        ids[0] = ClsId;
        for (int i = 0; i < kept; i++)
        {
            ids[i + 1] = ws.Ids[i];
            offsets[i + 1] = new TokenOffset(ws.Starts[i], ws.Ends[i]);
        }
        ids[kept + 1] = SepId;
        return new TokenizedText(ids, offsets, pieces + 2);
    }

    private EncodeWorkspace RentWorkspace()
    {
        for (int i = 0; i < _spareWorkspaces.Length; i++)
        {
            var ws = Interlocked.Exchange(ref _spareWorkspaces[i], null);
            if (ws is not null) return ws;
        }
        return new EncodeWorkspace();
    }

    private void ReturnWorkspace(EncodeWorkspace ws)
    {
        // Buffers grown by a huge text are not kept alive for the tokenizer's lifetime.
        if (ws.IsOversized) return;
        for (int i = 0; i < _spareWorkspaces.Length; i++)
            if (Interlocked.CompareExchange(ref _spareWorkspaces[i], ws, null) is null) return;
    }

    private static int Require(TokenizerDefinition def, string token)
    {
        for (int i = 0; i < def.Tokens.Length; i++)
            if (def.Tokens[i] == token) return i;
        throw new TokenizerFormatException(def.SourcePath, $"the vocabulary has no \"{token}\" token.");
    }

    private static bool LooksLikeJson(string path)
    {
        string ext = Path.GetExtension(path);
        if (ext.Equals(".json", StringComparison.OrdinalIgnoreCase)) return true;
        if (ext.Equals(".txt", StringComparison.OrdinalIgnoreCase)) return false;
        using var stream = File.OpenRead(path);
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == 0xEF || b == 0xBB || b == 0xBF || char.IsWhiteSpace((char)b)) continue;
            return b == '{';
        }
        return false;
    }
}

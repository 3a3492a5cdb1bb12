using SparseSearch.Text;

namespace SparseSearch.Encoding;

/// <summary>
/// Inference-free query encoder (OpenSearch doc-only models): each distinct non-special token of the query weighted by
/// its idf; tokens with no idf (or 0) are left out. No model runs and no truncation applies.
/// </summary>
public sealed class IdfQueryEncoder
{
    /// <summary>Creates the encoder over an idf table (token ids only; <see cref="Encode"/> needs a tokenizer).</summary>
    public IdfQueryEncoder(IdfTable idf, SpecialTokenIds specialTokens)
    {
        Idf = idf ?? throw new ArgumentNullException(nameof(idf));
        SpecialTokens = specialTokens ?? throw new ArgumentNullException(nameof(specialTokens));
    }

    /// <summary>Creates the encoder over a tokenizer and the idf table laid out by its vocabulary.</summary>
    public IdfQueryEncoder(WordPieceTokenizer tokenizer, IdfTable idf) : this(idf, SpecialTokenIds.FromTokenizer(tokenizer))
    {
        Tokenizer = tokenizer;
        if (idf.VocabSize != tokenizer.VocabSize)
            throw new ArgumentException($"The idf table covers {idf.VocabSize} ids but the tokenizer has {tokenizer.VocabSize}.", nameof(idf));
    }

    /// <summary>Loads <paramref name="idfPath"/> against <paramref name="tokenizer"/>'s vocabulary.</summary>
    /// <exception cref="ModelFormatException">The idf file is missing or malformed (named).</exception>
    public static IdfQueryEncoder Load(string idfPath, WordPieceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return new IdfQueryEncoder(tokenizer, IdfTable.Load(idfPath, tokenizer.TryGetId, tokenizer.VocabSize));
    }

    /// <summary>The tokenizer, when built with one.</summary>
    public WordPieceTokenizer? Tokenizer { get; }

    /// <summary>Encodes a query text: all its tokens (no truncation), each distinct one weighted by its idf.</summary>
    /// <exception cref="InvalidOperationException">The encoder was built without a tokenizer.</exception>
    public SparseVector Encode(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tokenizer = Tokenizer ?? throw new InvalidOperationException("This idf encoder has no tokenizer; use EncodeTokenIds or build it with one.");
        return EncodeTokenIds(tokenizer.EncodeWordPieces(query));
    }

    /// <summary>The weights.</summary>
    public IdfTable Idf { get; }

    /// <summary>Tokens never weighted.</summary>
    public SpecialTokenIds SpecialTokens { get; }

    /// <summary>Encodes a tokenized query.</summary>
    public SparseVector EncodeTokenIds(ReadOnlySpan<int> tokenIds)
    {
        var ids = tokenIds.ToArray();
        Array.Sort(ids);
        int count = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((i > 0 && id == ids[i - 1]) || SpecialTokens.Contains(id) || !(Idf[id] > 0f)) continue;
            ids[count++] = id;
        }
        var termIds = ids.AsSpan(0, count).ToArray();
        var weights = new float[count];
        for (int i = 0; i < count; i++) weights[i] = Idf[termIds[i]];
        return new SparseVector(termIds, weights);
    }
}

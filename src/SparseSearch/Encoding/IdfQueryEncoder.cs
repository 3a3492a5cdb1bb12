namespace SparseSearch.Encoding;

/// <summary>
/// Inference-free query encoder (OpenSearch doc-only models): each distinct non-special token of the query weighted by
/// its idf; tokens with no idf (or 0) are left out. No model runs and no truncation applies.
/// </summary>
public sealed class IdfQueryEncoder
{
    /// <summary>Creates the encoder over an idf table.</summary>
    public IdfQueryEncoder(IdfTable idf, SpecialTokenIds specialTokens)
    {
        Idf = idf ?? throw new ArgumentNullException(nameof(idf));
        SpecialTokens = specialTokens ?? throw new ArgumentNullException(nameof(specialTokens));
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

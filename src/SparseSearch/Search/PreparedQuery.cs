using SparseSearch.Encoding;

namespace SparseSearch.Search;

/// <summary>
/// A query ready for scoring: its positive-weight terms inside the vocabulary in ascending id order (the order every
/// scorer accumulates in, which makes their float sums identical), the bound terms (all, or the top-n cut for the
/// approximate mode, still ascending), and a dense weight array over the vocabulary for forward-index scoring.
/// </summary>
internal sealed class PreparedQuery
{
    public PreparedQuery(SparseVector query, int vocabSize, float[] dense, int? termCut)
    {
        var ids = new List<int>(query.Count);
        var ws = new List<float>(query.Count);
        for (int i = 0; i < query.Count; i++)
        {
            float w = query.Weights[i];
            if (float.IsNaN(w) || float.IsInfinity(w) || w < 0f)
                throw new ArgumentException($"Query term {query.TermIds[i]} has weight {w}; query weights must be finite and >= 0.");
            int t = query.TermIds[i];
            if (w > 0f && (uint)t < (uint)vocabSize)
            {
                ids.Add(t);
                ws.Add(w);
            }
        }
        Terms = ids.ToArray();
        Weights = ws.ToArray();
        Dense = dense;
        for (int i = 0; i < Terms.Length; i++)
            dense[Terms[i]] = Weights[i];
        if (termCut is { } cut && cut < Terms.Length)
        {
            var order = new int[Terms.Length];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            var keys = new float[Terms.Length];
            for (int i = 0; i < keys.Length; i++) keys[i] = -Weights[i];
            Array.Sort(keys, order);
            var keep = order.AsSpan(0, cut).ToArray();
            Array.Sort(keep);
            BoundTerms = new int[cut];
            BoundWeights = new float[cut];
            for (int i = 0; i < cut; i++)
            {
                BoundTerms[i] = Terms[keep[i]];
                BoundWeights[i] = Weights[keep[i]];
            }
        }
        else
        {
            BoundTerms = Terms;
            BoundWeights = Weights;
        }
    }

    public int[] Terms { get; }
    public float[] Weights { get; }
    public int[] BoundTerms { get; }
    public float[] BoundWeights { get; }
    public float[] Dense { get; }

    /// <summary>Zeroes the dense array for the next query.</summary>
    public void Clear()
    {
        foreach (var t in Terms)
            Dense[t] = 0f;
    }
}

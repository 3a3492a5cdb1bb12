using SparseSearch.Encoding;

namespace SparseSearch.Search.Query;

/// <summary>Query-side pruning as OpenSearch and Elasticsearch offer it: keep the top-n terms, drop light terms.</summary>
public static class QueryPruning
{
    /// <summary>
    /// Keeps terms whose weight is at least <paramref name="minWeightRatio"/> × the heaviest weight, then the
    /// <paramref name="topTerms"/> heaviest of those (ties: lower id kept). The result is ascending by id.
    /// </summary>
    public static SparseVector Apply(SparseVector query, int? topTerms, float? minWeightRatio)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Count == 0 || (topTerms is null && minWeightRatio is null or 0f))
            return query;
        float max = 0f;
        foreach (var w in query.Weights) max = Math.Max(max, w);
        float floor = (minWeightRatio ?? 0f) * max;
        var keep = new List<int>(query.Count);
        for (int i = 0; i < query.Count; i++)
            if (query.Weights[i] >= floor) keep.Add(i);
        if (topTerms is { } n && keep.Count > n)
        {
            keep.Sort((a, b) =>
            {
                int c = query.Weights[b].CompareTo(query.Weights[a]);
                return c != 0 ? c : query.TermIds[a].CompareTo(query.TermIds[b]);
            });
            keep.RemoveRange(n, keep.Count - n);
            keep.Sort();
        }
        if (keep.Count == query.Count) return query;
        var ids = new int[keep.Count];
        var ws = new float[keep.Count];
        for (int i = 0; i < keep.Count; i++)
        {
            ids[i] = query.TermIds[keep[i]];
            ws[i] = query.Weights[keep[i]];
        }
        return new SparseVector(ids, ws);
    }
}

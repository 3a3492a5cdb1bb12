using SparseSearch.Index;

namespace SparseSearch.Search.Query;

/// <summary>Inverse document frequencies from the index itself: idf(t) = ln(N / df(t)) over the live documents of a snapshot.</summary>
public static class IndexIdf
{
    /// <summary>
    /// One weight per vocabulary id (0 for terms no live document holds). df counts live documents whose indexed
    /// vector holds the term with a non-zero impact (a weight that quantised to impact 0 is not in the index).
    /// </summary>
    public static unsafe float[] Compute(IndexSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int vocab = snapshot.Schema.VocabSize;
        var df = new long[vocab];
        foreach (var segment in snapshot.Segments)
        {
            var postings = segment.Core.Postings;
            var live = segment.Live;
            for (int t = 0; t < vocab; t++)
            {
                var p = postings.Term(t);
                if (p.Count == 0) continue;
                if (live is null)
                {
                    df[t] += p.Count;
                    continue;
                }
                for (int i = 0; i < p.Count; i++)
                    if (live.IsLive((int)p.Docs[i])) df[t]++;
            }
        }
        double n = snapshot.LiveDocCount;
        var idf = new float[vocab];
        for (int t = 0; t < vocab; t++)
            if (df[t] > 0) idf[t] = (float)Math.Log(n / df[t]);
        return idf;
    }
}

using SparseSearch.Index.Codec;

namespace SparseSearch.Index.Merge;

/// <summary>
/// Chooses a document order for a merged segment that puts similar documents next to each other, so the doc-range
/// block upper bounds (<see cref="SparseSearch.Search.PruningAlgorithm.BlockMax"/>) become tight. Sparse k-means with
/// cheap assignments: about n/32 seed documents become centroids (their top 32 terms); an inverted index over the
/// centroids lets each document score only the centroids sharing one of its 16 strongest terms; two rounds (seeds,
/// then recomputed centroids). Documents are then laid out cluster by cluster, in their previous relative order inside
/// a cluster. Cost: O(total postings) per round; memory: O(documents + centroids × 32).
/// </summary>
internal static class DocReorderer
{
    private const int DocTerms = 16;
    private const int CentroidTerms = 32;
    private const int DocsPerCluster = 32;

    /// <summary>Returns <c>order[newDoc] = global index</c> of the live documents (global index = position in the
    /// concatenation of the sources' live documents).</summary>
    public static unsafe int[] Order(IReadOnlyList<MergeSource> sources, int vocab, CancellationToken cancel)
    {
        var docs = new List<(ForwardReader Fwd, int Doc)>();
        foreach (var s in sources)
            for (int d = 0; d < s.Core.DocCount; d++)
                if (s.Live is null || s.Live.IsLive(d))
                    docs.Add((s.Core.Forward, d));
        int n = docs.Count;
        int clusters = Math.Clamp(n / DocsPerCluster, 1, 1 << 16);
        var assign = new int[n];
        if (clusters > 1)
        {
            // Round 1: evenly spaced seed documents as centroids.
            var centroidTerms = new List<(int Term, float W)>[clusters];
            for (int c = 0; c < clusters; c++)
            {
                var (fwd, d) = docs[(int)((long)c * n / clusters)];
                centroidTerms[c] = TopTerms(fwd, d, CentroidTerms);
            }
            var scratch = new float[clusters + 1];
            var touched = new List<int>();
            var top = new List<(int, float)>(DocTerms);
            for (int round = 0; round < 2; round++)
            {
                var index = BuildIndex(centroidTerms, vocab, out var termStart);
                for (int i = 0; i < n; i++)
                {
                    if ((i & 4095) == 0) cancel.ThrowIfCancellationRequested();
                    var (fwd, d) = docs[i];
                    TopTerms(fwd, d, DocTerms, top);
                    foreach (var (t, w) in top)
                    {
                        for (int p = termStart[t]; p < termStart[t + 1]; p++)
                        {
                            var (c, cw) = index[p];
                            if (scratch[c] == 0f) touched.Add(c);
                            scratch[c] += w * cw;
                        }
                    }
                    int best = clusters; // documents sharing no strong term with any centroid go last
                    float bestScore = 0f;
                    foreach (var c in touched)
                    {
                        if (scratch[c] > bestScore || (scratch[c] == bestScore && c < best)) { bestScore = scratch[c]; best = c; }
                        scratch[c] = 0f;
                    }
                    touched.Clear();
                    assign[i] = best;
                }
                if (round == 0)
                    centroidTerms = Recompute(docs, assign, clusters, vocab);
            }
        }
        // Stable counting sort by cluster.
        var start = new int[clusters + 2];
        foreach (var a in assign) start[a + 1]++;
        for (int c = 0; c <= clusters; c++) start[c + 1] += start[c];
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[start[assign[i]]++] = i;
        return order;
    }

    private static List<(int, float)> TopTerms(ForwardReader fwd, int doc, int m)
    {
        var list = new List<(int, float)>(m);
        TopTerms(fwd, doc, m, list);
        return list;
    }

    private static unsafe void TopTerms(ForwardReader fwd, int doc, int m, List<(int Term, float W)> result)
    {
        result.Clear();
        int cnt = fwd.Get(doc, out var tp, out var ip);
        for (int i = 0; i < cnt; i++)
        {
            int t = fwd.TermWidth == 2 ? ((ushort*)tp)[i] : ((int*)tp)[i];
            float w = ip[i];
            if (result.Count < m)
            {
                result.Add((t, w));
                continue;
            }
            int min = 0;
            for (int j = 1; j < result.Count; j++)
                if (result[j].W < result[min].W) min = j;
            if (w > result[min].W) result[min] = (t, w);
        }
    }

    private static (int C, float W)[] BuildIndex(List<(int Term, float W)>[] centroids, int vocab, out int[] termStart)
    {
        termStart = new int[vocab + 1];
        foreach (var c in centroids)
            foreach (var (t, _) in c) termStart[t + 1]++;
        for (int t = 0; t < vocab; t++) termStart[t + 1] += termStart[t];
        var fill = (int[])termStart.Clone();
        var index = new (int, float)[termStart[vocab]];
        for (int c = 0; c < centroids.Length; c++)
            foreach (var (t, w) in centroids[c])
                index[fill[t]++] = (c, w);
        return index;
    }

    private static unsafe List<(int Term, float W)>[] Recompute(List<(ForwardReader Fwd, int Doc)> docs, int[] assign, int clusters, int vocab)
    {
        var byCluster = new int[clusters + 2];
        foreach (var a in assign) byCluster[a + 1]++;
        for (int c = 0; c <= clusters; c++) byCluster[c + 1] += byCluster[c];
        var members = new int[docs.Count];
        var fill = (int[])byCluster.Clone();
        for (int i = 0; i < assign.Length; i++) members[fill[assign[i]]++] = i;
        var sum = new float[vocab];
        var touched = new List<int>();
        var result = new List<(int, float)>[clusters];
        for (int c = 0; c < clusters; c++)
        {
            for (int m = byCluster[c]; m < byCluster[c + 1]; m++)
            {
                var (fwd, d) = docs[members[m]];
                int cnt = fwd.Get(d, out var tp, out var ip);
                for (int i = 0; i < cnt; i++)
                {
                    int t = fwd.TermWidth == 2 ? ((ushort*)tp)[i] : ((int*)tp)[i];
                    if (sum[t] == 0f) touched.Add(t);
                    sum[t] += ip[i];
                }
            }
            var top = new List<(int, float)>(CentroidTerms);
            foreach (var t in touched)
            {
                float w = sum[t];
                sum[t] = 0f;
                if (top.Count < CentroidTerms) { top.Add((t, w)); continue; }
                int min = 0;
                for (int j = 1; j < top.Count; j++) if (top[j].Item2 < top[min].Item2) min = j;
                if (w > top[min].Item2) top[min] = (t, w);
            }
            touched.Clear();
            result[c] = top;
        }
        return result;
    }
}

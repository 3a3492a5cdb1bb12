using Xunit;
using SparseSearch.Encoding;
using SparseSearch.Index;

namespace SparseSearch.Tests.Index;

/// <summary>Brute force over the expected live documents: plain dot product of the query with each quantised vector.</summary>
internal static class Oracle
{
    public static List<(string Id, float Score, int Seg, int Doc)> TopK(IndexSnapshot snapshot, IReadOnlyDictionary<string, SparseVector> live,
        SparseVector query, int k)
    {
        float scale = snapshot.Schema.ImpactScale!.Value;
        var all = new List<(string, float, int, int)>();
        var q = new Dictionary<int, float>();
        for (int j = 0; j < query.Count; j++) q[query.TermIds[j]] = query.Weights[j];
        foreach (var (id, vec) in live)
        {
            // The documented canonical sum: the document's stored entries (ascending terms, zero impacts dropped),
            // entry p into lane p mod 8, lanes combined pairwise.
            var lanes = new float[8];
            int pos = 0;
            for (int i = 0; i < vec.Count; i++)
            {
                byte imp = ImpactQuantizer.Quantize(vec.Weights[i], scale);
                if (imp == 0) continue;
                lanes[pos & 7] += q.GetValueOrDefault(vec.TermIds[i]) * imp;
                pos++;
            }
            float sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
            if (sum <= 0f) continue;
            Assert.True(snapshot.TryFind(id, out int seg, out int doc), $"live id {id} not found in the snapshot");
            all.Add((id, sum * scale, seg, doc));
        }
        all.Sort((a, b) => a.Item2 != b.Item2 ? b.Item2.CompareTo(a.Item2) : a.Item3 != b.Item3 ? a.Item3.CompareTo(b.Item3) : a.Item4.CompareTo(b.Item4));
        return all.GetRange(0, Math.Min(k, all.Count));
    }
}

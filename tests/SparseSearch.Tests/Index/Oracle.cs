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
        foreach (var (id, vec) in live)
        {
            float sum = 0f;
            int i = 0, j = 0;
            while (i < vec.Count && j < query.Count)
            {
                if (vec.TermIds[i] == query.TermIds[j])
                {
                    byte imp = ImpactQuantizer.Quantize(vec.Weights[i], scale);
                    if (imp > 0 && query.Weights[j] > 0f)
                        sum += query.Weights[j] * imp;
                    i++; j++;
                }
                else if (vec.TermIds[i] < query.TermIds[j]) i++;
                else j++;
            }
            if (sum <= 0f) continue;
            Assert.True(snapshot.TryFind(id, out int seg, out int doc), $"live id {id} not found in the snapshot");
            all.Add((id, sum * scale, seg, doc));
        }
        all.Sort((a, b) => a.Item2 != b.Item2 ? b.Item2.CompareTo(a.Item2) : a.Item3 != b.Item3 ? a.Item3.CompareTo(b.Item3) : a.Item4.CompareTo(b.Item4));
        return all.GetRange(0, Math.Min(k, all.Count));
    }
}

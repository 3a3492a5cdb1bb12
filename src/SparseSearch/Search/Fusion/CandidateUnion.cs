namespace SparseSearch.Search.Fusion;

/// <summary>
/// The union of several retrievers' candidate lists: one slot per distinct document with each retriever's raw score
/// (NaN where the retriever did not list it). Shared by both fusion methods.
/// </summary>
internal sealed class CandidateUnion
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    public CandidateUnion(IReadOnlyList<RetrieverResults> retrievers)
    {
        ArgumentNullException.ThrowIfNull(retrievers);
        if (retrievers.Count == 0)
            throw new ArgumentException("Fusion needs at least one retriever.", nameof(retrievers));
        int total = 0;
        for (int r = 0; r < retrievers.Count; r++)
            total += retrievers[r].Candidates.Count;
        DocIds = new List<string>(total);
        RawScores = new List<float[]>(total);
        for (int r = 0; r < retrievers.Count; r++)
        {
            var list = retrievers[r].Candidates;
            for (int i = 0; i < list.Count; i++)
            {
                var (doc, score) = list[i];
                ArgumentException.ThrowIfNullOrEmpty(doc);
                if (!_slots.TryGetValue(doc, out int slot))
                {
                    slot = DocIds.Count;
                    _slots.Add(doc, slot);
                    DocIds.Add(doc);
                    var raw = new float[retrievers.Count];
                    Array.Fill(raw, float.NaN);
                    RawScores.Add(raw);
                }
                if (!float.IsNaN(RawScores[slot][r]))
                    throw new ArgumentException($"Retriever {retrievers[r].Name} lists document {doc} twice.", nameof(retrievers));
                RawScores[slot][r] = score;
            }
        }
    }

    public List<string> DocIds { get; }

    /// <summary>The slot of a listed document.</summary>
    public int SlotOf(string docId) => _slots[docId];

    /// <summary>Per slot, per retriever raw score; NaN = not listed.</summary>
    public List<float[]> RawScores { get; }

    public int Count => DocIds.Count;
}

/// <summary>The order of fused results.</summary>
internal static class FusedOrder
{
    /// <summary>
    /// Fused score descending, ties by document id descending in ordinal order: the same rule trec_eval applies, so
    /// a fused list written as a run is evaluated in exactly the order it was produced.
    /// </summary>
    public static List<FusedHit> SortAndCut(List<FusedHit> hits, int depth)
    {
        if (depth <= 0)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "The depth must be positive.");
        hits.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : string.CompareOrdinal(b.DocId, a.DocId);
        });
        if (hits.Count > depth)
            hits.RemoveRange(depth, hits.Count - depth);
        return hits;
    }
}

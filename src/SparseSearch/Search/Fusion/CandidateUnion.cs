namespace SparseSearch.Search.Fusion;

/// <summary>
/// The union of several retrievers' candidate lists: one slot per distinct document with each retriever's raw score
/// (NaN where the retriever did not list it). Shared by both fusion methods.
/// </summary>
internal sealed class CandidateUnion
{
    private readonly Dictionary<string, int> _slots;
    private readonly int _retrievers;

    public CandidateUnion(IReadOnlyList<RetrieverResults> retrievers)
    {
        ArgumentNullException.ThrowIfNull(retrievers);
        if (retrievers.Count == 0)
            throw new ArgumentException("Fusion needs at least one retriever.", nameof(retrievers));
        _retrievers = retrievers.Count;
        int total = 0;
        for (int r = 0; r < retrievers.Count; r++)
            total += retrievers[r].Candidates.Count;
        _slots = new Dictionary<string, int>(total, StringComparer.Ordinal);
        DocIds = new List<string>(total);
        // One flat score table (slot × retriever) instead of an array per document: fusion runs on every hybrid
        // query, and per-candidate allocations would dominate its cost.
        RawScores = new float[total * _retrievers];
        Array.Fill(RawScores, float.NaN);
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
                }
                ref float cell = ref RawScores[slot * _retrievers + r];
                if (!float.IsNaN(cell))
                    throw new ArgumentException($"Retriever {retrievers[r].Name} lists document {doc} twice.", nameof(retrievers));
                cell = score;
            }
        }
    }

    public List<string> DocIds { get; }

    /// <summary>Slot-major raw scores: slot s, retriever r at [s · retrievers + r]; NaN = not listed.</summary>
    public float[] RawScores { get; }

    public int Count => DocIds.Count;

    /// <summary>The slot of a listed document.</summary>
    public int SlotOf(string docId) => _slots[docId];

    /// <summary>The raw scores of one slot, one per retriever.</summary>
    public Memory<float> ScoresOf(int slot) => RawScores.AsMemory(slot * _retrievers, _retrievers);
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

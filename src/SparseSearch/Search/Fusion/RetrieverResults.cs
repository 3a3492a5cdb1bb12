namespace SparseSearch.Search.Fusion;

/// <summary>
/// Gives a retriever's exact score for a document it did not return in its candidate list (the engine reads it from
/// the forward index or the stored vector). Returns null when the document is unknown to the retriever.
/// </summary>
public delegate float? ExactScoreProvider(string docId);

/// <summary>One retriever's input to fusion: its ranked candidates, its weight and, optionally, an exact-score provider.</summary>
public sealed class RetrieverResults
{
    /// <summary>Creates the input of one retriever.</summary>
    /// <param name="name">A label (for explanations and errors), e.g. <c>dense</c>, <c>sparse</c>, <c>bm25</c>.</param>
    /// <param name="candidates">The candidates (external doc id, raw score), each document at most once; any order.</param>
    /// <param name="weight">The weight of this retriever's normalised score (convex fusion) or of its reciprocal ranks (RRF).</param>
    /// <param name="exactScore">Fills in this retriever's raw score for documents only other retrievers found; null = such documents count as missing.</param>
    public RetrieverResults(string name, IReadOnlyList<(string DocId, float Score)> candidates, double weight = 1.0, ExactScoreProvider? exactScore = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(candidates);
        if (!double.IsFinite(weight) || weight < 0)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"Retriever {name}: the weight must be finite and non-negative.");
        for (int i = 0; i < candidates.Count; i++)
            if (!float.IsFinite(candidates[i].Score))
                throw new ArgumentException($"Retriever {name}: candidate {candidates[i].DocId} has a non-finite score {candidates[i].Score}.", nameof(candidates));
        Name = name;
        Candidates = candidates;
        Weight = weight;
        ExactScore = exactScore;
    }

    /// <summary>The retriever's label.</summary>
    public string Name { get; }

    /// <summary>The candidates as returned by the retriever.</summary>
    public IReadOnlyList<(string DocId, float Score)> Candidates { get; }

    /// <summary>The weight in the fused sum.</summary>
    public double Weight { get; }

    /// <summary>The exact-score provider, if any.</summary>
    public ExactScoreProvider? ExactScore { get; }
}

/// <summary>One fused result.</summary>
/// <param name="DocId">External document id.</param>
/// <param name="Score">The fused score.</param>
/// <param name="RetrieverScores">Each retriever's raw score for the document, in input order: from its list, from its
/// exact-score provider, or NaN when it had none (for explanations).</param>
public readonly record struct FusedHit(string DocId, float Score, ReadOnlyMemory<float> RetrieverScores);

/// <summary>Conversions of fused results.</summary>
public static class FusedHits
{
    /// <summary>The (doc id, fused score) pairs, in the same order: the shape retrievers and the evaluation harness use.</summary>
    public static (string DocId, float Score)[] ToCandidates(IReadOnlyList<FusedHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var pairs = new (string DocId, float Score)[hits.Count];
        for (int i = 0; i < pairs.Length; i++)
            pairs[i] = (hits[i].DocId, hits[i].Score);
        return pairs;
    }
}

using SparseSearch.Encoding;
using SparseSearch.Index;

namespace SparseSearch.Search;

/// <summary>
/// Top-k search over the impact postings of a snapshot. Scores are <c>scale · Σ_t w_t · impact_t</c> (query weights
/// times u8 impacts), summed in the canonical order of <see cref="ForwardScore"/> in every mode; hits are ordered by score descending, then segment ordinal
/// ascending, then doc id ascending, in every mode. Deleted documents are never returned.
/// Not thread-safe (it reuses scratch buffers between queries): use one searcher per thread; creating one is cheap.
/// </summary>
public sealed class ImpactSearcher
{
    private readonly IndexSnapshot _snapshot;
    private readonly float[] _dense;
    private readonly BlockMaxScorer _blockMax = new();
    private readonly MaxScoreScorer _maxScore = new();
    private readonly ExhaustiveScorer _exhaustive = new();
    private readonly ImpactHeadScorer _impactHead = new();

    /// <summary>Creates a searcher over <paramref name="snapshot"/> (which must stay open while it is used).</summary>
    public ImpactSearcher(IndexSnapshot snapshot)
    {
        _snapshot = snapshot ?? throw new ArgumentNullException(nameof(snapshot));
        _dense = new float[snapshot.Schema.VocabSize];
    }

    /// <summary>The snapshot searched.</summary>
    public IndexSnapshot Snapshot => _snapshot;

    /// <summary>The top <paramref name="k"/> live documents for <paramref name="query"/> (weights must be finite and ≥ 0;
    /// terms outside the vocabulary match nothing).</summary>
    public SearchResult Search(SparseVector query, int k, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        options ??= new SearchOptions();
        options.Validate();
        bool approximate = options.Mode == SearchMode.Approximate;
        var algorithm = options.Algorithm;
        int? cut = approximate ? options.QueryTermCut ?? (algorithm == PruningAlgorithm.CutAndRescore ? 20 : algorithm == PruningAlgorithm.ImpactHead ? 10 : null) : null;
        var prepared = new PreparedQuery(query, _dense.Length, _dense, cut);
        try
        {
            var top = new TopKCollector(k);
            long docs = 0, blocks = 0, total = 0;
            float factor = approximate ? options.BlockThresholdFactor : 1f;
            int maxBlocks = approximate ? options.MaxBlocksPerSegment ?? int.MaxValue : int.MaxValue;
            if (prepared.Terms.Length > 0)
            {
                // The heap carries over from segment to segment, so later segments start with a real threshold; every
                // scorer gives canonical scores, so segments can mix scorers.
                foreach (var s in _snapshot.Segments)
                {
                    if (options.Mode == SearchMode.Exhaustive)
                    {
                        docs += _exhaustive.ScoreSegment(s, prepared, top, k);
                    }
                    else if (algorithm is null)
                    {
                        // Defaults: block upper bounds where the segment's documents are reordered or clustered into
                        // small blocks; elsewhere term-at-a-time, exact in both modes: at 1M a 20-term cut re-scored
                        // (the former approximate default there) was slower than it (eval/results/index.md). An
                        // explicit QueryTermCut is still honoured there by re-scoring that cut.
                        if (UsesBlockBounds(s, prepared))
                            Add(_blockMax.ScoreSegment(s, prepared, top, factor, maxBlocks), ref docs, ref blocks, ref total);
                        else if (approximate && prepared.BoundTerms.Length < prepared.Terms.Length)
                            docs += _exhaustive.ScoreSegmentCut(s, prepared, top, Math.Max(k, options.RescoreDepth));
                        else
                            docs += _exhaustive.ScoreSegment(s, prepared, top, k);
                    }
                    else if (algorithm == PruningAlgorithm.CutAndRescore)
                    {
                        docs += _exhaustive.ScoreSegmentCut(s, prepared, top, Math.Max(k, options.RescoreDepth));
                    }
                    else if (algorithm == PruningAlgorithm.ImpactHead)
                    {
                        docs += _impactHead.ScoreSegment(s, prepared, top, options.HeadDepth, Math.Max(k, options.RescoreDepth));
                    }
                    else if (algorithm == PruningAlgorithm.BlockMax && !BlockMaxScorer.CanScore(prepared))
                    {
                        // Too many query terms for u16 block bounds: term-at-a-time is exact and, at that size, no slower.
                        docs += _exhaustive.ScoreSegment(s, prepared, top, k);
                    }
                    else if (algorithm == PruningAlgorithm.BlockMax)
                    {
                        Add(_blockMax.ScoreSegment(s, prepared, top, factor, maxBlocks), ref docs, ref blocks, ref total);
                    }
                    else
                    {
                        docs += _maxScore.ScoreSegment(s, prepared, top, factor).Docs;
                    }
                }
            }
            var entries = top.Drain();
            var hits = new SearchHit[entries.Length];
            for (int i = 0; i < entries.Length; i++)
            {
                var (score, seg, doc) = entries[i];
                hits[i] = new SearchHit(_snapshot.Segments[seg].GetId(doc), score, seg, doc);
            }
            return new SearchResult(hits, docs, blocks, total);
        }
        finally
        {
            prepared.Clear();
        }
    }

    /// <summary>Whether the default modes use block upper bounds on <paramref name="segment"/>: blocks of ≤ 8 documents,
    /// documents reordered by similarity (the commit records it) or measurably clustered
    /// (<see cref="BlockBoundRows.Clustering"/>), and a query short enough for u16 bounds. The reordered flag counts on
    /// its own because the clustering ratio shrinks with the block size (1 for single-document blocks): at 1M the BP
    /// order measured 2.22 with 8-document blocks but 1.59 with 4, close to the threshold set for 8.</summary>
    private static bool UsesBlockBounds(IndexSegment segment, PreparedQuery query) =>
        segment.Core.Postings.DocBlockShift <= BlockBoundRows.MaxDefaultShift
        && (segment.Core.Info.Reordered || segment.Core.BlockBounds.Clustering(segment.Core.Postings) >= BlockBoundRows.ClusteredThreshold)
        && BlockMaxScorer.CanScore(query);

    private static void Add((long Docs, long Blocks, long Total) r, ref long docs, ref long blocks, ref long total)
    {
        docs += r.Docs;
        blocks += r.Blocks;
        total += r.Total;
    }

    /// <summary>
    /// The exact score <paramref name="query"/> gives one document, bit-identical to the score the searchers would give it
    /// (the canonical <see cref="ForwardScore"/> sum), or null when the document is deleted. Fusion uses it to fill in the
    /// score of a document another retriever found.
    /// </summary>
    public unsafe float? ScoreDocument(SparseVector query, int segment, int doc)
    {
        ArgumentNullException.ThrowIfNull(query);
        var s = _snapshot.Segments[segment];
        if (!s.IsLive(doc)) return null;
        var prepared = new PreparedQuery(query, _dense.Length, _dense, termCut: null);
        try
        {
            var forward = s.Core.Forward;
            int cnt = forward.Get(doc, out var tp, out var ip);
            fixed (float* qd = prepared.Dense)
                return ForwardScore.Sum(tp, ip, cnt, forward.TermWidth == 4, qd) * s.Scale;
        }
        finally
        {
            prepared.Clear();
        }
    }
}

namespace SparseSearch.Search;

/// <summary>How <see cref="ImpactSearcher"/> finds the top k.</summary>
public enum SearchMode
{
    /// <summary>Term-at-a-time accumulation over every posting of every query term: the reference.</summary>
    Exhaustive,

    /// <summary>Block upper bounds with forward-index scoring; returns exactly the exhaustive top k (ids, order, scores).</summary>
    RankSafe,

    /// <summary>Like <see cref="RankSafe"/> with the knobs of <see cref="SearchOptions"/> trading recall for speed;
    /// scores of returned hits are still exact.</summary>
    Approximate,
}

/// <summary>Pruning algorithm of the rank-safe and approximate modes (both rank-safe when not approximating).</summary>
public enum PruningAlgorithm
{
    /// <summary>MaxScore over doc-id windows with exact forward-index completion.</summary>
    MaxScore,

    /// <summary>BMP-style doc-range block upper bounds, blocks visited best-first, scored from the forward index (fast
    /// only when similar documents share small blocks: merged with reordering, DocBlockShift ≤ 3).</summary>
    BlockMax,

    /// <summary>Approximate only: partial scores from the impact-ordered heads of the strongest query terms
    /// (<see cref="SearchOptions.QueryTermCut"/> terms × <see cref="SearchOptions.HeadDepth"/> postings); the best
    /// <see cref="SearchOptions.RescoreDepth"/> are scored exactly.</summary>
    ImpactHead,

    /// <summary>Approximate only: term-at-a-time over the <see cref="SearchOptions.QueryTermCut"/> strongest query terms
    /// only, then the best <see cref="SearchOptions.RescoreDepth"/> partial scores are re-scored exactly with all terms.</summary>
    CutAndRescore,
}

/// <summary>Search settings.</summary>
public sealed record SearchOptions
{
    /// <summary>Search mode (default rank-safe).</summary>
    public SearchMode Mode { get; init; } = SearchMode.RankSafe;

    /// <summary>Pruning algorithm; null = the mode's default, chosen by measurement (eval/results/index.md): both modes
    /// run BlockMax on segments with blocks of ≤ 8 documents whose documents are reordered by similarity (by a
    /// reordering merge, e.g. <c>sparsesearch optimize</c>) or otherwise clustered
    /// (<see cref="BlockBoundRows.Clustering"/>), rank-safe with factor 1 and
    /// approximate with <see cref="BlockThresholdFactor"/>. On other segments, where block bounds are loose, both run
    /// the exact term-at-a-time scorer (approximate with an explicit <see cref="QueryTermCut"/> re-scores that cut): at
    /// 1M documents without reordering, CutAndRescore with a 20-term cut took 8.72 ms p50 against 7.34 for
    /// term-at-a-time (SPLADE queries).
    /// ImpactHead and CutAndRescore are not rank-safe and are refused in rank-safe mode.</summary>
    public PruningAlgorithm? Algorithm { get; init; }

    /// <summary>Approximate ImpactHead only: postings read from each kept term's impact-ordered head (at most the
    /// max(4,096, docs / 32) stored per term and segment; default: all of them).</summary>
    public int HeadDepth { get; init; } = int.MaxValue;

    /// <summary>Approximate CutAndRescore and ImpactHead: candidates (best partial scores per segment) re-scored exactly.</summary>
    public int RescoreDepth { get; init; } = 300;

    /// <summary>Approximate only: the upper bounds use only the top-n query terms by weight (null = all).</summary>
    public int? QueryTermCut { get; init; }

    /// <summary>Approximate only: a block or document is evaluated only while factor × its upper bound reaches the
    /// current k-th score; 1 = no extra pruning, smaller = faster with lower recall. In (0, 1]. The default 0.97 kept
    /// recall@10 at 1.0000 (SPLADE queries, 0.71 ms p50) and 0.9977 (inference-free queries, 0.21 ms) on the
    /// 1M-document benchmark with 4-doc blocks, where 0.95 gave 0.9999 and 0.9894 (inference-free below 0.99) for about
    /// 4 % less time on SPLADE queries, and 0.9 gave 0.9949 and 0.9489 (eval/results/index.md).</summary>
    public float BlockThresholdFactor { get; init; } = 0.97f;

    /// <summary>Approximate only: stop after evaluating this many blocks per segment (null = no limit).</summary>
    public int? MaxBlocksPerSegment { get; init; }

    internal void Validate()
    {
        if (Mode == SearchMode.RankSafe && Algorithm is PruningAlgorithm.ImpactHead or PruningAlgorithm.CutAndRescore)
            throw new ArgumentException($"{Algorithm} is approximate; use it with SearchMode.Approximate.");
        if (RescoreDepth <= 0)
            throw new ArgumentException($"RescoreDepth must be positive, got {RescoreDepth}.");
        if (HeadDepth <= 0)
            throw new ArgumentException($"HeadDepth must be positive, got {HeadDepth}.");
        if (QueryTermCut is <= 0)
            throw new ArgumentException($"QueryTermCut must be positive, got {QueryTermCut}.");
        if (!(BlockThresholdFactor > 0f && BlockThresholdFactor <= 1f))
            throw new ArgumentException($"BlockThresholdFactor must be in (0, 1], got {BlockThresholdFactor}.");
        if (MaxBlocksPerSegment is <= 0)
            throw new ArgumentException($"MaxBlocksPerSegment must be positive, got {MaxBlocksPerSegment}.");
    }
}

/// <summary>One hit: external id, score, and its address in the snapshot (segment ordinal, segment-local doc).</summary>
public readonly record struct SearchHit(string Id, float Score, int Segment, int Doc);

/// <summary>Hits (best first) and work counters.</summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, long DocsScored, long BlocksScored, long BlocksTotal);

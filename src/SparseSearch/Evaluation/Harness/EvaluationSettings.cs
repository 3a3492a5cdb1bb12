using SparseSearch.Evaluation.Metrics;

namespace SparseSearch.Evaluation.Harness;

/// <summary>What an evaluation run is, for its outputs: dataset, mode, models, parameters, depth and measures.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Dataset name, e.g. <c>scifact</c> (also the column group looked up in the reference table).</summary>
    public required string Dataset { get; init; }

    /// <summary>The qrels split.</summary>
    public string Split { get; init; } = "test";

    /// <summary>Query mode, e.g. <c>sparse</c>, <c>inference-free</c>, <c>bm25</c>, <c>dense</c>, <c>hybrid</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Models by role, e.g. <c>sparse → splade-tiny</c>, <c>dense → all-MiniLM-L6-v2</c>.</summary>
    public IReadOnlyDictionary<string, string> Models { get; init; } = new Dictionary<string, string>();

    /// <summary>Other settings worth recording (fusion, α, pruning knobs, index path…), written as given.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Results kept per query (the run depth); 1000 as in BEIR.</summary>
    public int Depth { get; init; } = 1000;

    /// <summary>The measures computed.</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = Metric.Standard;

    /// <summary>Drop retrieved documents whose id equals the query id (BEIR's ignore_identical_ids).</summary>
    public bool IgnoreIdenticalIds { get; init; } = true;

    /// <summary>Rows of the reference table to set the results beside (exact run names); empty = <see cref="ReferenceRows.ForMode"/>.</summary>
    public IReadOnlyList<string> ReferenceRuns { get; init; } = [];

    /// <summary>The command that produced the run, recorded in the report so it can be reproduced.</summary>
    public string? Command { get; init; }

    /// <summary>The run tag (last column of run.trec).</summary>
    public string RunTag => "sparsesearch-" + Mode;
}

/// <summary>Maps query modes to the rows of <c>eval/reference/REFERENCE_MODELS.md</c> that measure the same thing.</summary>
public static class ReferenceRows
{
    /// <summary>The reference rows for a mode; <paramref name="fusion"/> (<c>minmax</c>, <c>zscore</c>, <c>rrf</c>) and <paramref name="sparseSide"/> (<c>sparse</c>, <c>bm25</c>) refine hybrids.</summary>
    public static IReadOnlyList<string> ForMode(string mode, string? fusion = null, string? sparseSide = null) => mode.ToLowerInvariant() switch
    {
        "bm25" => ["BM25, Lucene (Anserini 0.23 BeirFlat: EnglishAnalyzer, k1 .9, b .4)", "BM25 (plain: \\w+ lowercase tokens, no stemming/stopwords; k1 .9, b .4)"],
        "sparse" => ["splade-tiny, model-encoded queries"],
        "inference-free" => ["splade-tiny docs, inference-free queries (OpenSearch idf.json)", "splade-tiny docs, inference-free queries (idf = ln(N/df) over the doc vectors)"],
        "dense" => ["all-MiniLM-L6-v2 (cosine)"],
        "hybrid" => (fusion?.ToLowerInvariant(), sparseSide?.ToLowerInvariant()) switch
        {
            ("rrf", "bm25") => ["hybrid: dense + Lucene BM25, RRF k 60", "hybrid: dense + BM25, RRF k 60"],
            (_, "bm25") => ["hybrid: dense + Lucene BM25, min-max, α 0.5", "hybrid: dense + BM25, min-max, α 0.5"],
            ("rrf", _) => ["hybrid: dense + splade, RRF k 60"],
            _ => ["hybrid: dense + splade, min-max, α 0.5"],
        },
        _ => [],
    };
}

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

using System.Globalization;

namespace SparseSearch.Evaluation.Metrics;

/// <summary>The measures computed, each with trec_eval's definition.</summary>
public enum MetricKind
{
    /// <summary>trec_eval <c>ndcg_cut</c>: DCG over the top k with gain = grade and discount log2(rank + 1), divided by the ideal DCG of the qrels' grades.</summary>
    Ndcg,
    /// <summary>trec_eval <c>recall</c>: relevant documents in the top k over all relevant documents of the query.</summary>
    Recall,
    /// <summary>trec_eval <c>P</c>: relevant documents in the top k over k (even when fewer were retrieved).</summary>
    Precision,
    /// <summary>Reciprocal rank of the first relevant document within the top k, 0 when none (trec_eval <c>recip_rank</c> on a run cut at k).</summary>
    ReciprocalRank,
    /// <summary>trec_eval <c>map_cut</c>: the sum of precision at each relevant document within the top k, over all relevant documents.</summary>
    AveragePrecision,
}

/// <summary>A measure at a cutoff, e.g. nDCG@10.</summary>
/// <param name="Kind">The measure.</param>
/// <param name="Cutoff">The rank cutoff k (positive).</param>
public readonly record struct Metric(MetricKind Kind, int Cutoff)
{
    /// <summary>nDCG@10, the primary BEIR measure.</summary>
    public static Metric Ndcg10 => new(MetricKind.Ndcg, 10);

    /// <summary>The measures every evaluation reports: nDCG@10, nDCG@100, Recall@100, Recall@1000, MRR@10, MAP@1000, P@10.</summary>
    public static IReadOnlyList<Metric> Standard { get; } =
    [
        new(MetricKind.Ndcg, 10), new(MetricKind.Ndcg, 100), new(MetricKind.Recall, 100), new(MetricKind.Recall, 1000),
        new(MetricKind.ReciprocalRank, 10), new(MetricKind.AveragePrecision, 1000), new(MetricKind.Precision, 10),
    ];

    /// <summary>The key used in metrics.json and reports: <c>ndcg@10</c>, <c>recall@100</c>, <c>p@10</c>, <c>mrr@10</c>, <c>map@1000</c>.</summary>
    public string Name => Prefix(Kind) + "@" + Cutoff.ToString(CultureInfo.InvariantCulture);

    /// <summary>trec_eval's name: <c>ndcg_cut_10</c>, <c>recall_100</c>, <c>P_10</c>, <c>map_cut_1000</c>, <c>recip_rank_cut_10</c> (the last has no trec_eval counterpart).</summary>
    public string TrecName => Kind switch
    {
        MetricKind.Ndcg => "ndcg_cut_",
        MetricKind.Recall => "recall_",
        MetricKind.Precision => "P_",
        MetricKind.ReciprocalRank => "recip_rank_cut_",
        _ => "map_cut_",
    } + Cutoff.ToString(CultureInfo.InvariantCulture);

    /// <summary>A display label such as <c>nDCG@10</c>, <c>R@100</c>.</summary>
    public string Label => Kind switch
    {
        MetricKind.Ndcg => "nDCG",
        MetricKind.Recall => "R",
        MetricKind.Precision => "P",
        MetricKind.ReciprocalRank => "MRR",
        _ => "MAP",
    } + "@" + Cutoff.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Parses either form: <c>ndcg@10</c> / <c>nDCG@10</c> / <c>R@100</c> or trec_eval's <c>ndcg_cut_10</c>, <c>recall_100</c>, <c>P_10</c>, <c>map_cut_100</c>.</summary>
    public static bool TryParse(string text, out Metric metric)
    {
        metric = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        string s = text.Trim();
        int at = s.LastIndexOf('@');
        int us = s.LastIndexOf('_');
        int split = at >= 0 ? at : us;
        if (split <= 0 || !int.TryParse(s.AsSpan(split + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k <= 0)
            return false;
        MetricKind? kind = s[..split].ToLowerInvariant() switch
        {
            "ndcg" or "ndcg_cut" => MetricKind.Ndcg,
            "recall" or "r" => MetricKind.Recall,
            "p" or "precision" => MetricKind.Precision,
            "mrr" or "rr" or "recip_rank_cut" => MetricKind.ReciprocalRank,
            "map" or "map_cut" => MetricKind.AveragePrecision,
            _ => null,
        };
        if (kind is null)
            return false;
        metric = new Metric(kind.Value, k);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing a clear error otherwise.</summary>
    public static Metric Parse(string text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"Unknown metric \"{text}\" (expected e.g. ndcg@10, recall@100, p@10, mrr@10, map@1000 or trec_eval names such as ndcg_cut_10).");

    private static string Prefix(MetricKind kind) => kind switch
    {
        MetricKind.Ndcg => "ndcg",
        MetricKind.Recall => "recall",
        MetricKind.Precision => "p",
        MetricKind.ReciprocalRank => "mrr",
        _ => "map",
    };
}

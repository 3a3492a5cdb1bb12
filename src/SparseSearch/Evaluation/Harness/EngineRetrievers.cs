using SparseSearch.Evaluation.Beir;
using SparseSearch.Search.Query;

namespace SparseSearch.Evaluation.Harness;

/// <summary>
/// Turns a <see cref="SearchEngine"/> and a request template (mode, fusion, α, weights…) into the
/// <see cref="Retriever"/> the harness runs, so the CLI, the REST service and benchmarks evaluate the same engine path
/// that serves searches.
/// </summary>
public static class EngineRetrievers
{
    /// <summary>
    /// A retriever that runs <paramref name="template"/> with each query's text, returning the top
    /// <paramref name="depth"/> ids and scores (no stored fields read). Hybrid candidate depth is raised to
    /// <paramref name="depth"/> when smaller.
    /// </summary>
    public static Retriever Create(SearchEngine engine, SearchRequest template, int depth = 1000)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(template);
        var request = For(template, depth);
        return query =>
        {
            var hits = engine.Search(request with { Query = query.Text }).Hits;
            var list = new (string DocId, float Score)[hits.Count];
            for (int i = 0; i < list.Length; i++)
                list[i] = (hits[i].Id, hits[i].Score);
            return list;
        };
    }

    /// <summary>The template as the harness runs it: k = depth, ids and scores only.</summary>
    public static SearchRequest For(SearchRequest template, int depth) => template with
    {
        K = depth,
        CandidateDepth = Math.Max(template.CandidateDepth, depth),
        Fields = [],
        SnippetLength = 0,
        Explain = false,
    };

    /// <summary>Runs a single-mode retriever over <paramref name="queries"/> and keeps every list (input to <see cref="FusionWeightTuner"/>).</summary>
    public static RetrieverRun Collect(string name, Retriever retriever, IReadOnlyList<BeirQuery> queries, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(queries);
        var byQuery = new Dictionary<string, IReadOnlyList<(string DocId, float Score)>>(queries.Count, StringComparer.Ordinal);
        for (int i = 0; i < queries.Count; i++)
        {
            byQuery[queries[i].Id] = retriever(queries[i]);
            progress?.Report(i + 1);
        }
        return new RetrieverRun(name, byQuery);
    }

    /// <summary>
    /// Parses per-retriever fusion weights <c>bm25=0.3,sparse=0.3,dense=0.4</c> (modes sparse, inference-free, bm25,
    /// dense; each once; weights ≥ 0, not all 0).
    /// </summary>
    /// <exception cref="FormatException">The text names the bad part and what was expected.</exception>
    public static IReadOnlyList<RetrieverSpec> ParseWeights(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specs = new List<RetrieverSpec>();
        double sum = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !QueryModeNames.TryParse(part[..eq], out var mode) || mode == QueryMode.Hybrid)
                throw new FormatException($"--weights: \"{part}\" is not MODE=WEIGHT with MODE one of sparse, inference-free, bm25, dense.");
            if (!double.TryParse(part[(eq + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double w)
                || !double.IsFinite(w) || w < 0)
                throw new FormatException($"--weights: \"{part}\": the weight must be a number ≥ 0.");
            foreach (var s in specs)
                if (s.Mode == mode) throw new FormatException($"--weights: {QueryModeNames.Format(mode)} is given twice.");
            specs.Add(new RetrieverSpec(mode, w));
            sum += w;
        }
        if (specs.Count < 2) throw new FormatException($"--weights: \"{text}\" names fewer than two retrievers; expected e.g. bm25=0.3,sparse=0.3,dense=0.4.");
        if (sum <= 0) throw new FormatException("--weights: the weights are all 0.");
        return specs;
    }
}

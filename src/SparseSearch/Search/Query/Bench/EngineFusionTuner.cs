using System.Globalization;
using System.Text;
using SparseSearch.Evaluation.Beir;
using SparseSearch.Evaluation.Metrics;
using SparseSearch.Evaluation.Runs;

namespace SparseSearch.Search.Query.Bench;

/// <summary>One weight setting and its mean nDCG@10 on the tuning queries.</summary>
public sealed record WeightScore(double[] Weights, double Ndcg10);

/// <summary>The tuning result: every setting tried, best first.</summary>
public sealed record FusionTuning(IReadOnlyList<QueryMode> Modes, IReadOnlyList<WeightScore> Ranked, int Queries, int Depth)
{
    /// <summary>The best weights, as retriever specs.</summary>
    public IReadOnlyList<RetrieverSpec> Best()
    {
        var w = Ranked[0].Weights;
        var specs = new RetrieverSpec[Modes.Count];
        for (int i = 0; i < specs.Length; i++) specs[i] = new RetrieverSpec(Modes[i], w[i]);
        return specs;
    }

    /// <summary>The top settings as a markdown table.</summary>
    public string ToMarkdown(int rows = 10)
    {
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", Modes.Select(QueryModeNames.Format))).AppendLine(" | nDCG@10 (tuning queries) |");
        sb.Append("|").Append(string.Concat(Enumerable.Repeat("---:|", Modes.Count))).AppendLine("---:|");
        foreach (var r in Ranked.Take(rows))
            sb.Append("| ").Append(string.Join(" | ", r.Weights.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture))))
              .Append(" | ").Append(r.Ndcg10.ToString("0.0000", CultureInfo.InvariantCulture)).AppendLine(" |");
        return sb.ToString();
    }
}

/// <summary>
/// Chooses convex (min-max) fusion weights on tuning queries (e.g. a train split, never the test split): every
/// retriever's top <c>depth</c> list is fetched once per query with the exact scores of every candidate (as the
/// engine fills them in), then each weight setting on a simplex grid is fused offline exactly as
/// <see cref="Fusion.ConvexFusion"/> does and scored by nDCG@10.
/// <para>Unlike <see cref="Evaluation.Harness.FusionWeightTuner"/>, which fuses given candidate lists (a document missing
/// from a list counts 0), this tuner reproduces the engine's fusion, where such a document gets its exact score from
/// that retriever; it also fuses each setting without rebuilding the candidate union, so a 3-way grid over ~800
/// queries takes seconds once the lists are fetched.</para>
/// </summary>
public static class EngineFusionTuner
{
    private sealed class QueryData(string id, string[] docs, float[][] raw, double[] min, double[] max)
    {
        public string Id { get; } = id;
        public string[] Docs { get; } = docs;
        public float[][] Raw { get; } = raw;      // [retriever][candidate]
        public double[] Min { get; } = min;
        public double[] Max { get; } = max;
    }

    /// <summary>Tunes weights for <paramref name="modes"/> over a grid of step <paramref name="step"/> on the simplex (weights sum to 1).</summary>
    public static FusionTuning Tune(SearchEngine engine, IReadOnlyList<BeirQuery> queries, Qrels qrels, IReadOnlyList<QueryMode> modes,
        double step = 0.1, int depth = 1000, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (modes.Count is < 2 or > 4) throw new ArgumentException("Tune 2 to 4 retrievers.", nameof(modes));
        if (!(step > 0 && step <= 0.5)) throw new ArgumentOutOfRangeException(nameof(step));
        var data = engine.Collect(queries, modes, depth, log);
        var grid = Simplex(modes.Count, (int)Math.Round(1 / step));
        var evaluator = new TrecEvaluator(qrels, [Metric.Ndcg10]);
        var results = new List<WeightScore>(grid.Count);
        var scratch = new double[1];
        foreach (var w in grid)
        {
            double sum = 0;
            foreach (var q in data)
            {
                evaluator.EvaluateQuery(q.Id, Top10(q, w), scratch);
                sum += scratch[0];
            }
            // Mean over the judged queries, as trec_eval -c does (every tuning query is judged).
            results.Add(new WeightScore(w, sum / qrels.QueryIds.Count));
        }
        results.Sort((a, b) => b.Ndcg10.CompareTo(a.Ndcg10));
        log?.Invoke($"best weights {string.Join(", ", results[0].Weights.Select(x => x.ToString("0.0", CultureInfo.InvariantCulture)))} → nDCG@10 {results[0].Ndcg10:0.0000} on {data.Count} tuning queries");
        return new FusionTuning(modes, results, data.Count, depth);
    }

    private static List<QueryData> Collect(this SearchEngine engine, IReadOnlyList<BeirQuery> queries, IReadOnlyList<QueryMode> modes, int depth, Action<string>? log)
    {
        var request = new SearchRequest { Query = "-", Mode = QueryMode.Hybrid, CandidateDepth = depth };
        var list = new List<QueryData>(queries.Count);
        engine.WithSnapshot(state =>
        {
            var snapshot = state.Snapshot;
            foreach (var query in queries)
            {
                var retrievers = new IRetriever[modes.Count];
                var lists = new IReadOnlyList<ScoredDoc>[modes.Count];
                var address = new Dictionary<string, (int Seg, int Doc)>(StringComparer.Ordinal);
                for (int r = 0; r < modes.Count; r++)
                {
                    retrievers[r] = RetrieverFactory.Create(modes[r], state, engine.Models, request);
                    retrievers[r].Encode(query.Text);
                    lists[r] = retrievers[r].Retrieve(depth);
                    foreach (var h in lists[r])
                        address.TryAdd(snapshot.Segments[h.Segment].GetId(h.Doc), (h.Segment, h.Doc));
                }
                var docs = address.Keys.ToArray();
                var raw = new float[modes.Count][];
                var min = new double[modes.Count];
                var max = new double[modes.Count];
                for (int r = 0; r < modes.Count; r++)
                {
                    raw[r] = new float[docs.Length];
                    for (int i = 0; i < docs.Length; i++)
                    {
                        var (seg, doc) = address[docs[i]];
                        raw[r][i] = retrievers[r].ExactScore(seg, doc) ?? float.NaN;
                    }
                    min[r] = double.MaxValue;
                    max[r] = double.MinValue;
                    foreach (var h in lists[r])
                    {
                        min[r] = Math.Min(min[r], h.Score);
                        max[r] = Math.Max(max[r], h.Score);
                    }
                }
                list.Add(new QueryData(query.Id, docs, raw, min, max));
                if (list.Count % 100 == 0) log?.Invoke($"collected {list.Count}/{queries.Count} queries");
            }
        });
        return list;
    }

    private static RunEntry[] Top10(QueryData q, double[] w)
    {
        var top = new List<RunEntry>(11);
        for (int i = 0; i < q.Docs.Length; i++)
        {
            double fused = 0;
            for (int r = 0; r < w.Length; r++)
            {
                float s = q.Raw[r][i];
                // As ConvexFusion: an unknown score counts 0 under min-max; a constant list maps everything to 1.
                double norm = float.IsNaN(s) || q.Min[r] == double.MaxValue ? 0 : q.Max[r] > q.Min[r] ? (s - q.Min[r]) / (q.Max[r] - q.Min[r]) : 1;
                fused += w[r] * norm;
            }
            var e = new RunEntry(q.Docs[i], (float)fused);
            if (top.Count == 10 && !Better(e, top[^1])) continue;
            int at = top.Count;
            while (at > 0 && Better(e, top[at - 1])) at--;
            top.Insert(at, e);
            if (top.Count > 10) top.RemoveAt(10);
        }
        return [.. top];
    }

    private static bool Better(RunEntry a, RunEntry b) => a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.DocId, b.DocId) > 0);

    private static List<double[]> Simplex(int dims, int steps)
    {
        var result = new List<double[]>();
        var current = new int[dims];
        void Fill(int d, int left)
        {
            if (d == dims - 1)
            {
                current[d] = left;
                result.Add(current.Select(c => (double)c / steps).ToArray());
                return;
            }
            for (int v = 0; v <= left; v++)
            {
                current[d] = v;
                Fill(d + 1, left - v);
            }
        }
        Fill(0, steps);
        return result;
    }
}

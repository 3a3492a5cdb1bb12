using System.Diagnostics;
using SparseSearch.Index;
using SparseSearch.Search.Fusion;

namespace SparseSearch.Search.Query;

/// <summary>One request's run: encode, retrieve, fuse, fetch. Created per search; not shared.</summary>
internal sealed class SearchExecution
{
    private readonly EngineSnapshot _state;
    private readonly SearchModels _models;
    private readonly SearchRequest _request;

    public SearchExecution(EngineSnapshot state, SearchModels models, SearchRequest request)
    {
        _state = state;
        _models = models;
        _request = request;
    }

    public SearchResponse Run()
    {
        long start = Stopwatch.GetTimestamp();
        var specs = SearchRequestValidator.ResolveRetrievers(_request);
        var retrievers = new IRetriever[specs.Count];
        for (int i = 0; i < specs.Count; i++)
            retrievers[i] = RetrieverFactory.Create(specs[i].Mode, _state, _models, _request);

        foreach (var r in retrievers)
            r.Encode(_request.Query);
        long encoded = Stopwatch.GetTimestamp();

        bool hybrid = _request.Mode == QueryMode.Hybrid;
        int depth = hybrid ? Math.Max(_request.CandidateDepth, _request.K) : _request.K;
        var lists = new IReadOnlyList<ScoredDoc>[retrievers.Length];
        for (int i = 0; i < retrievers.Length; i++)
            lists[i] = retrievers[i].Retrieve(depth);
        long searched = Stopwatch.GetTimestamp();

        var snapshot = _state.Snapshot;
        List<(int Segment, int Doc, float Score, RetrieverScore[]? PerRetriever)> ranked;
        if (!hybrid)
        {
            ranked = new(lists[0].Count);
            foreach (var h in lists[0])
                ranked.Add((h.Segment, h.Doc, h.Score, _request.Explain ? [new RetrieverScore(retrievers[0].Name, h.Score, true)] : null));
        }
        else
        {
            ranked = Fuse(snapshot, specs, retrievers, lists);
        }
        long fused = Stopwatch.GetTimestamp();

        var hits = new SearchHitResult[ranked.Count];
        var terms = new List<QueryTermWeight>();
        foreach (var r in retrievers) terms.AddRange(r.QueryTerms);
        for (int i = 0; i < ranked.Count; i++)
        {
            var (seg, doc, score, per) = ranked[i];
            List<MatchedTerm>? explanation = null;
            if (_request.Explain)
            {
                explanation = new List<MatchedTerm>();
                foreach (var r in retrievers) r.Explain(seg, doc, explanation);
            }
            hits[i] = MakeHit(i + 1, snapshot, seg, doc, score, per, explanation);
        }
        long end = Stopwatch.GetTimestamp();

        var resolved = new RetrieverSpec[specs.Count];
        for (int i = 0; i < specs.Count; i++) resolved[i] = specs[i];
        return new SearchResponse(_request.Mode, hits, resolved, terms,
            new SearchTimings(Ms(start, encoded), Ms(encoded, searched), Ms(searched, fused), Ms(fused, end), Ms(start, end)),
            snapshot.Generation);
    }

    private List<(int, int, float, RetrieverScore[]?)> Fuse(IndexSnapshot snapshot, IReadOnlyList<RetrieverSpec> specs, IRetriever[] retrievers, IReadOnlyList<ScoredDoc>[] lists)
    {
        // Fusion works on external ids; keep each candidate's address to fill in exact scores and fetch fields.
        var address = new Dictionary<string, (int Segment, int Doc)>(StringComparer.Ordinal);
        var inputs = new RetrieverResults[retrievers.Length];
        var listed = new HashSet<string>[retrievers.Length];
        for (int r = 0; r < retrievers.Length; r++)
        {
            var list = lists[r];
            var candidates = new (string DocId, float Score)[list.Count];
            listed[r] = new HashSet<string>(list.Count, StringComparer.Ordinal);
            for (int i = 0; i < list.Count; i++)
            {
                var h = list[i];
                string id = snapshot.Segments[h.Segment].GetId(h.Doc);
                address.TryAdd(id, (h.Segment, h.Doc));
                candidates[i] = (id, h.Score);
                listed[r].Add(id);
            }
            var retriever = retrievers[r];
            ExactScoreProvider exact = id => address.TryGetValue(id, out var a) ? retriever.ExactScore(a.Segment, a.Doc) : null;
            inputs[r] = new RetrieverResults(retriever.Name, candidates, specs[r].Weight, _request.MissingScores == MissingScores.Exact ? exact : null);
        }
        var fused = _request.Fusion == FusionMethod.Rrf
            ? ReciprocalRankFusion.Fuse(inputs, ReciprocalRankFusion.DefaultK, _request.K)
            : ConvexFusion.Fuse(inputs, _request.Fusion == FusionMethod.ZScore ? ScoreNormalization.ZScore : ScoreNormalization.MinMax, _request.K);
        var ranked = new List<(int, int, float, RetrieverScore[]?)>(fused.Count);
        foreach (var f in fused)
        {
            var (seg, doc) = address[f.DocId];
            var per = new RetrieverScore[retrievers.Length];
            for (int r = 0; r < retrievers.Length; r++)
            {
                float raw = f.RetrieverScores.Span[r];
                // RRF never asks for the scores of unlisted documents; fill them in for the response.
                if (float.IsNaN(raw)) raw = retrievers[r].ExactScore(seg, doc) ?? float.NaN;
                per[r] = new RetrieverScore(retrievers[r].Name, raw, listed[r].Contains(f.DocId));
            }
            ranked.Add((seg, doc, f.Score, per));
        }
        return ranked;
    }

    private SearchHitResult MakeHit(int rank, IndexSnapshot snapshot, int seg, int doc, float score, RetrieverScore[]? per, List<MatchedTerm>? explanation)
    {
        if (_request.Fields is { Count: 0 })
            return new SearchHitResult(rank, snapshot.Segments[seg].GetId(doc), score, null, null, null, per, explanation);
        var stored = snapshot.GetStored(seg, doc);
        string? title = null, snippet = null;
        Dictionary<string, string?>? fields = null;
        if (_request.Fields is { } wanted)
        {
            fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var f in wanted)
                fields[f] = f switch { "title" => stored.Title, "text" => stored.Text, "metadata" => stored.Metadata, _ => null };
        }
        else
        {
            title = stored.Title;
            snippet = Snippet.Make(stored.Text, _request.SnippetLength);
        }
        return new SearchHitResult(rank, stored.Id, score, title, snippet, fields, per, explanation);
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}

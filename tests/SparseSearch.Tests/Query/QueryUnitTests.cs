using System.Text.Json;
using SparseSearch.Encoding;
using SparseSearch.Search.Query;
using Xunit;

namespace SparseSearch.Tests.Query;

/// <summary>Query pruning, snippets, mode names and the JSON shape, without an index.</summary>
public sealed class QueryUnitTests
{
    private static readonly SparseVector Q = new([3, 7, 9, 12, 20], [0.5f, 2.0f, 1.0f, 2.0f, 0.1f]);

    [Fact]
    public void TopTermsKeepsTheHeaviestAscendingWithTiesByLowerId()
    {
        var p = QueryPruning.Apply(Q, 2, null);
        Assert.Equal([7, 12], p.TermIds);
        Assert.Equal([2.0f, 2.0f], p.Weights);
        Assert.Equal([7, 9, 12], QueryPruning.Apply(Q, 3, null).TermIds);
        Assert.Same(Q, QueryPruning.Apply(Q, 10, null));
        Assert.Same(Q, QueryPruning.Apply(Q, null, null));
    }

    [Fact]
    public void MinWeightRatioDropsLightTerms()
    {
        Assert.Equal([7, 9, 12], QueryPruning.Apply(Q, null, 0.5f).TermIds);
        Assert.Equal([7, 12], QueryPruning.Apply(Q, null, 0.51f).TermIds);
        Assert.Equal([7], QueryPruning.Apply(Q, 1, 0.3f).TermIds);
        Assert.Empty(QueryPruning.Apply(SparseVector.Empty, 1, 0.5f).TermIds);
    }

    [Fact]
    public void SnippetsCutAtWordsAndMarkTheCut()
    {
        Assert.Null(Snippet.Make(null, 10));
        Assert.Null(Snippet.Make("abc", 0));
        Assert.Equal("short", Snippet.Make("short", 10));
        Assert.Equal("alpha beta…", Snippet.Make("alpha beta gamma", 12));
        Assert.Equal("abcdefghij…", Snippet.Make("abcdefghijklmnop", 10));
        // Never splits a surrogate pair.
        var s = Snippet.Make("aaaa\U0001F600bbbb", 5)!;
        Assert.False(char.IsHighSurrogate(s[^2]));
    }

    [Theory]
    [InlineData("sparse", QueryMode.Sparse)]
    [InlineData("Inference-Free", QueryMode.InferenceFree)]
    [InlineData("idf", QueryMode.InferenceFree)]
    [InlineData("bm25", QueryMode.Bm25)]
    [InlineData("dense", QueryMode.Dense)]
    [InlineData(" hybrid ", QueryMode.Hybrid)]
    public void ModeNamesParse(string text, QueryMode mode)
    {
        Assert.Equal(mode, QueryModeNames.Parse(text));
        Assert.Equal(mode, QueryModeNames.Parse(QueryModeNames.Format(mode)));
    }

    [Fact]
    public void UnknownNamesAreClearErrors()
    {
        Assert.Contains("expected sparse", Assert.Throws<InvalidSearchRequestException>(() => QueryModeNames.Parse("vector")).Message);
        Assert.Equal("fusion", Assert.Throws<InvalidSearchRequestException>(() => QueryModeNames.ParseFusion("sum")).Field);
        Assert.Equal(FusionMethod.Rrf, QueryModeNames.ParseFusion("RRF"));
    }

    [Fact]
    public void HybridDefaultsResolveToDenseAlphaAndSparseRest()
    {
        var r = SearchRequestValidator.ResolveRetrievers(new SearchRequest { Query = "q", Mode = QueryMode.Hybrid, Alpha = 0.3 });
        Assert.Equal([new RetrieverSpec(QueryMode.Dense, 0.3), new RetrieverSpec(QueryMode.Sparse, 0.7)], r);
        var three = SearchRequestValidator.ResolveRetrievers(new SearchRequest
        {
            Query = "q", Mode = QueryMode.Hybrid,
            Retrievers = [new(QueryMode.Bm25, 1), new(QueryMode.Sparse, 1), new(QueryMode.Dense, 1)],
        });
        Assert.Equal(3, three.Count);
        Assert.Equal([new RetrieverSpec(QueryMode.InferenceFree)], SearchRequestValidator.ResolveRetrievers(new SearchRequest { Query = "q", Mode = QueryMode.InferenceFree }));
    }

    [Fact]
    public void JsonIsSnakeCaseWithModeNames()
    {
        var response = new SearchResponse(QueryMode.InferenceFree,
            [new SearchHitResult(1, "d1", 1.5f, "Tïtle", null, null, [new RetrieverScore("dense", float.NaN, false)], null)],
            [new RetrieverSpec(QueryMode.InferenceFree)], [new QueryTermWeight("inference-free", "##nea", 22084, 6.98f)],
            new SearchTimings(1, 2, 3, 4, 10), 7);
        using var doc = JsonDocument.Parse(SearchJson.Serialize(response));
        var root = doc.RootElement;
        Assert.Equal("inference-free", root.GetProperty("mode").GetString());
        Assert.Equal("Tïtle", root.GetProperty("hits")[0].GetProperty("title").GetString());
        Assert.Equal("NaN", root.GetProperty("hits")[0].GetProperty("retriever_scores")[0].GetProperty("score").GetString());
        Assert.False(root.GetProperty("hits")[0].TryGetProperty("snippet", out _));
        Assert.Equal(22084, root.GetProperty("query_terms")[0].GetProperty("term_id").GetInt32());
        Assert.Equal(2, root.GetProperty("timings").GetProperty("search_ms").GetDouble());
        Assert.Equal(7, root.GetProperty("generation").GetInt64());
    }
}

public sealed class SearchRequestJsonTests
{
    [Fact]
    public void ReadsAFullRequest()
    {
        var r = SearchJson.DeserializeRequest("""
            {"query": "sleep apnea", "mode": "hybrid", "k": 20, "candidate_depth": 500, "alpha": 0.3, "fusion": "rrf",
             "retrievers": [{"mode": "dense", "weight": 2}, {"mode": "inference-free", "weight": 1}],
             "idf_source": "index", "query_top_terms": 8, "explain": true, "fields": ["title"], "dense_int8": true,
             "missing_scores": "zero"}
            """);
        Assert.Equal("sleep apnea", r.Query);
        Assert.Equal(QueryMode.Hybrid, r.Mode);
        Assert.Equal(20, r.K);
        Assert.Equal(500, r.CandidateDepth);
        Assert.Equal(0.3, r.Alpha);
        Assert.Equal(FusionMethod.Rrf, r.Fusion);
        Assert.Equal([new RetrieverSpec(QueryMode.Dense, 2), new RetrieverSpec(QueryMode.InferenceFree, 1)], r.Retrievers!);
        Assert.Equal(IdfSource.Index, r.IdfSource);
        Assert.Equal(8, r.QueryTopTerms);
        Assert.True(r.Explain && r.DenseInt8);
        Assert.Equal(["title"], r.Fields!);
        Assert.Equal(MissingScores.Zero, r.MissingScores);
        var minimal = SearchJson.DeserializeRequest("""{"query": "x"}""");
        Assert.Equal(QueryMode.Sparse, minimal.Mode);
        Assert.Equal(10, minimal.K);
        Assert.Equal(MissingScores.Exact, minimal.MissingScores);
    }

    [Theory]
    [InlineData("""{"k": 5}""")]
    [InlineData("""{"query": "x", "k": "ten"}""")]
    [InlineData("""{"query": "x", "mode": "vector"}""")]
    [InlineData("""{"query": "x", "colour": "red"}""")]
    [InlineData("""{"query": "x" """)]
    [InlineData("null")]
    public void BadJsonIsAnInvalidRequest(string json)
    {
        var e = Assert.Throws<InvalidSearchRequestException>(() => SearchJson.DeserializeRequest(json));
        Assert.False(string.IsNullOrEmpty(e.Field));
    }
}

public sealed class QueryEncodingCacheTests
{
    [Fact]
    public void EncodesEachTextOnceAndStaysBounded()
    {
        int calls = 0;
        var cache = new QueryEncodingCache<string>(2);
        string Encode(string t) { calls++; return t.ToUpperInvariant(); }
        Assert.Equal("A", cache.GetOrEncode("a", Encode));
        Assert.Same(cache.GetOrEncode("a", Encode), cache.GetOrEncode("a", Encode));
        Assert.Equal(1, calls);
        cache.GetOrEncode("b", Encode);
        cache.GetOrEncode("c", Encode); // full: cleared, then c kept
        Assert.Equal(3, calls);
        cache.GetOrEncode("a", Encode);
        Assert.Equal(4, calls);
        var off = new QueryEncodingCache<string>(0);
        off.GetOrEncode("a", Encode);
        off.GetOrEncode("a", Encode);
        Assert.Equal(6, calls);
    }
}

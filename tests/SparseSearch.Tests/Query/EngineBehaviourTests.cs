using SparseSearch.Search.Query;
using Xunit;

namespace SparseSearch.Tests.Query;

/// <summary>Request validation, unsupported modes, explanations, fusion fill-in, pruning and stored fields on the SciFact engine.</summary>
[Collection(SciFactEngineCollection.Name)]
public sealed class EngineBehaviourTests
{
    private const string Query = "0-dimensional biomaterials show inductive properties";
    private readonly SciFactEngineFixture _f;

    public EngineBehaviourTests(SciFactEngineFixture fixture) => _f = fixture;

    public static TheoryData<string, SearchRequest> BadRequests => new()
    {
        { "k", new SearchRequest { Query = "x", K = 0 } },
        { "k", new SearchRequest { Query = "x", K = 1001 } },
        { "query", new SearchRequest { Query = "   " } },
        { "query", new SearchRequest { Query = new string('a', 5000) } },
        { "candidate_depth", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, CandidateDepth = 0 } },
        { "alpha", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, Alpha = 1.5 } },
        { "retrievers", new SearchRequest { Query = "x", Retrievers = [new(QueryMode.Dense)] } },
        { "retrievers", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, Retrievers = [new(QueryMode.Dense), new(QueryMode.Dense)] } },
        { "retrievers", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, Retrievers = [new(QueryMode.Dense, 0), new(QueryMode.Sparse, 0)] } },
        { "retrievers", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, Retrievers = [new(QueryMode.Dense, double.NaN)] } },
        { "retrievers", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, Retrievers = [new(QueryMode.Hybrid)] } },
        { "fields", new SearchRequest { Query = "x", Fields = ["body"] } },
        { "query_top_terms", new SearchRequest { Query = "x", QueryTopTerms = 0 } },
        { "query_min_weight_ratio", new SearchRequest { Query = "x", QueryMinWeightRatio = 1f } },
        { "approximate_block_factor", new SearchRequest { Query = "x", ApproximateBlockFactor = 0f } },
        { "hybrid_sparse_side", new SearchRequest { Query = "x", Mode = QueryMode.Hybrid, HybridSparseSide = QueryMode.Dense } },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void InvalidRequestsNameTheField(string field, SearchRequest request)
    {
        var e = Assert.Throws<InvalidSearchRequestException>(() => _f.Engine.Search(request));
        Assert.Equal(field, e.Field);
        Assert.StartsWith(field + ":", e.Message);
    }

    [Fact]
    public void TooManyRetrieversIsRefused()
    {
        var limits = new SearchLimits { MaxRetrievers = 2 };
        var request = new SearchRequest
        {
            Query = "x", Mode = QueryMode.Hybrid,
            Retrievers = [new(QueryMode.Dense), new(QueryMode.Sparse), new(QueryMode.InferenceFree)],
        };
        Assert.Equal("retrievers", Assert.Throws<InvalidSearchRequestException>(() => SearchRequestValidator.Validate(request, limits)).Field);
    }

    [Fact]
    public void Bm25ExplanationsAddUpToTheLuceneScore()
    {
        var r = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Bm25, K = 5, Explain = true });
        Assert.Equal(5, r.Hits.Count);
        Assert.Contains(r.QueryTerms, t => t.Token == "biomateri"); // the English analyzer's Porter stem
        foreach (var hit in r.Hits)
        {
            double sum = 0;
            foreach (var m in hit.Explanation!)
            {
                Assert.Equal("bm25", m.Retriever);
                Assert.Equal(m.QueryWeight * m.DocumentWeight, m.Contribution, 0.0001 * m.Contribution);
                sum += m.Contribution;
            }
            Assert.Equal(hit.Score, sum, 0.0001 * hit.Score);
        }
    }

    [Fact]
    public void ExplanationTermsAddUpToTheSparseScore()
    {
        var r = _f.Engine.Search(new SearchRequest { Query = Query, K = 5, Explain = true });
        Assert.Equal(5, r.Hits.Count);
        Assert.NotEmpty(r.QueryTerms);
        Assert.Contains(r.QueryTerms, t => t.Token == "bio" || t.Token.StartsWith("##", StringComparison.Ordinal) || t.Token.Length > 2);
        foreach (var hit in r.Hits)
        {
            Assert.NotNull(hit.Explanation);
            Assert.NotEmpty(hit.Explanation!);
            double sum = 0;
            foreach (var m in hit.Explanation!)
            {
                Assert.Equal(m.QueryWeight * m.DocumentWeight, m.Contribution, 5);
                Assert.Contains(r.QueryTerms, t => t.TermId == m.TermId && t.Token == m.Token);
                sum += m.Contribution;
            }
            Assert.Equal(hit.Score, sum, 0.001 * hit.Score);
            for (int i = 1; i < hit.Explanation!.Count; i++)
                Assert.True(hit.Explanation[i - 1].Contribution >= hit.Explanation[i].Contribution);
            Assert.Equal("sparse", Assert.Single(hit.RetrieverScores!).Retriever);
        }
        Assert.True(r.Timings.EncodeMs >= 0 && r.Timings.SearchMs > 0 && r.Timings.TotalMs >= r.Timings.EncodeMs + r.Timings.SearchMs);
    }

    [Fact]
    public void HybridWithZeroMissingScoresEqualsFusingTheRetrieversOwnLists()
    {
        // The reference hybrids' convention: each retriever's top-1000 list normalised on its own, unlisted = 0.
        var dense = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Dense, K = 1000, Fields = [] });
        var sparse = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Sparse, K = 1000, Fields = [] });
        static (string, float)[] List(SearchResponse r) => r.Hits.Select(h => (h.Id, h.Score)).ToArray();
        var expected = SparseSearch.Search.Fusion.ConvexFusion.Fuse(
            [new("dense", List(dense), 0.5), new("sparse", List(sparse), 0.5)], SparseSearch.Search.Fusion.ScoreNormalization.MinMax, 10);
        var zero = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Hybrid, K = 10, MissingScores = MissingScores.Zero, Fields = [] });
        Assert.Equal(expected.Select(h => h.DocId), zero.Hits.Select(h => h.Id));
        Assert.Equal(expected.Select(h => h.Score), zero.Hits.Select(h => h.Score));
        // The default fills in exact scores, which must change something for this query, or the option would be untested.
        var exact = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Hybrid, K = 10, Fields = [] });
        Assert.NotEqual(zero.Hits.Select(h => h.Score), exact.Hits.Select(h => h.Score));
    }

    [Fact]
    public void HybridFillsInExactScoresForDocumentsOnlyOneRetrieverFound()
    {
        // A shallow candidate depth forces documents listed by one retriever only into the fused top k.
        var r = _f.Engine.Search(new SearchRequest { Query = Query, Mode = QueryMode.Hybrid, K = 10, CandidateDepth = 10 });
        Assert.Equal(["dense", "sparse"], r.Retrievers.Select(x => QueryModeNames.Format(x.Mode)));
        int filled = 0;
        foreach (var hit in r.Hits)
        {
            Assert.Equal(2, hit.RetrieverScores!.Count);
            foreach (var s in hit.RetrieverScores!)
            {
                Assert.True(float.IsFinite(s.Score), $"{hit.Id}: {s.Retriever} has no score");
                if (s.Listed) continue;
                filled++;
                // The filled-in score is the one the retriever gives the document when it does list it.
                var full = _f.Engine.Search(new SearchRequest { Query = Query, Mode = s.Retriever == "dense" ? QueryMode.Dense : QueryMode.Sparse, K = 1000, Fields = [] });
                var same = full.Hits.SingleOrDefault(h => h.Id == hit.Id);
                if (same is null)
                {
                    // Below the retriever's top 1000 (or, for sparse, no matching term at all): the filled-in score
                    // must then rank below that list, and a sparse score of 0 is the exact one.
                    Assert.True(full.Hits.Count == 1000 ? s.Score <= full.Hits[^1].Score : s.Score == 0f, $"{hit.Id}: {s.Retriever} {s.Score}");
                    continue;
                }
                Assert.Equal(same.Score, s.Score, s.Retriever == "dense" ? 1e-6f : 0f);
            }
        }
        Assert.True(filled > 0, "no hit needed a filled-in score; the test would prove nothing");
    }

    [Fact]
    public void QueryPruningKeepsTheHeaviestTerms()
    {
        var full = _f.Engine.Search(new SearchRequest { Query = Query, K = 3 });
        var pruned = _f.Engine.Search(new SearchRequest { Query = Query, K = 3, QueryTopTerms = 4 });
        Assert.Equal(4, pruned.QueryTerms.Count);
        var heaviest = full.QueryTerms.OrderByDescending(t => t.Weight).ThenBy(t => t.TermId).Take(4).Select(t => t.TermId).Order();
        Assert.Equal(heaviest, pruned.QueryTerms.Select(t => t.TermId));
        float max = full.QueryTerms.Max(t => t.Weight);
        var ratio = _f.Engine.Search(new SearchRequest { Query = Query, K = 3, QueryMinWeightRatio = 0.5f });
        Assert.All(ratio.QueryTerms, t => Assert.True(t.Weight >= 0.5f * max));
        Assert.Equal(full.QueryTerms.Count(t => t.Weight >= 0.5f * max), ratio.QueryTerms.Count);
    }

    [Fact]
    public void StoredFieldsAndSnippets()
    {
        var doc = _f.Dataset.ReadCorpus().First();
        var withText = _f.Engine.Search(new SearchRequest { Query = doc.Title, K = 50, Fields = ["title", "text"] });
        var hit = withText.Hits.First(h => h.Id == doc.Id);
        Assert.Equal(doc.Title, hit.Fields!["title"]);
        Assert.Equal(doc.Text, hit.Fields!["text"]);
        var snippets = _f.Engine.Search(new SearchRequest { Query = doc.Title, K = 50, SnippetLength = 80 });
        var s = snippets.Hits.First(h => h.Id == doc.Id);
        Assert.Equal(doc.Title, s.Title);
        Assert.True(s.Snippet!.Length <= 81);
        Assert.StartsWith(s.Snippet!.TrimEnd('…'), doc.Text);
    }

    [Fact]
    public void Int8DenseSearchKeepsTheFloatTopTen()
    {
        int same = 0, total = 0;
        foreach (var q in _f.TestQueries.Take(40))
        {
            var exact = _f.Engine.Search(new SearchRequest { Query = q.Text, Mode = QueryMode.Dense, K = 10, Fields = [] });
            var int8 = _f.Engine.Search(new SearchRequest { Query = q.Text, Mode = QueryMode.Dense, K = 10, Fields = [], DenseInt8 = true });
            var exactScores = exact.Hits.ToDictionary(h => h.Id, h => h.Score);
            foreach (var h in int8.Hits)
            {
                total++;
                if (exactScores.TryGetValue(h.Id, out var score))
                {
                    same++;
                    Assert.Equal(score, h.Score); // re-scored with the float vectors: the exact score
                }
            }
        }
        Assert.True(same >= 0.99 * total, $"int8 + float re-scoring kept {same}/{total} of the float top-10");
    }
}

using System.Net;
using System.Text.Json;
using Xunit;

namespace SparseSearch.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class SearchEndpointTests(ServerFactory factory)
{
    [Fact]
    public async Task Health_and_readiness_answer()
    {
        var c = factory.CreateClient();
        Assert.Equal("ok", (await ProblemAssert.IsOk(await c.GetAsync("/healthz"))).GetProperty("status").GetString());
        var ready = await ProblemAssert.IsOk(await c.GetAsync("/readyz"));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.True(ready.GetProperty("generation").GetInt64() >= 1);
    }

    [Fact]
    public async Task Get_search_returns_ranked_hits_with_explanations()
    {
        var c = factory.CreateClient();
        var json = await ProblemAssert.IsOk(await c.GetAsync("/v1/search?q=stem%20cells%20in%20glioma&k=5&explain=true"));
        Assert.Equal("v1", json.GetProperty("apiVersion").GetString());
        Assert.Equal("sparse", json.GetProperty("mode").GetString());
        var hits = json.GetProperty("hits").EnumerateArray().ToList();
        Assert.Equal(5, hits.Count);
        float previous = float.MaxValue;
        foreach (var h in hits)
        {
            float s = h.GetProperty("score").GetSingle();
            Assert.True(s <= previous && s > 0);
            previous = s;
            var terms = h.GetProperty("explanation").EnumerateArray().ToList();
            Assert.NotEmpty(terms);
            // The explanation is exact: its contributions add up to the hit's score.
            float sum = terms.Sum(t => t.GetProperty("contribution").GetSingle());
            Assert.InRange(sum, s * 0.999f, s * 1.001f);
        }
        // The glioma stem cell paper of the slice is the best match.
        Assert.Contains("Glioma", hits[0].GetProperty("title").GetString());
        Assert.NotEmpty(json.GetProperty("queryTerms").EnumerateArray());
    }

    [Fact]
    public async Task Post_search_runs_every_mode_on_the_real_models()
    {
        var c = factory.CreateClient();
        foreach (var mode in new[] { "sparse", "inference-free", "dense", "hybrid" })
        {
            var json = await ProblemAssert.IsOk(await c.PostAsync("/v1/search",
                ServerFactory.Json($$"""{"query":"DNA damage at telomeres","k":3,"mode":"{{mode}}","alpha":0.3,"fields":["title","metadata"]}""")));
            Assert.Equal(mode, json.GetProperty("mode").GetString());
            var hits = json.GetProperty("hits").EnumerateArray().ToList();
            Assert.Equal(3, hits.Count);
            Assert.True(hits[0].GetProperty("fields").TryGetProperty("title", out _));
            Assert.False(hits[0].TryGetProperty("snippet", out _));
        }
        var rrf = await ProblemAssert.IsOk(await c.PostAsync("/v1/search",
            ServerFactory.Json("""{"query":"telomeres","mode":"hybrid","fusion":"rrf","retrievers":[{"mode":"dense","weight":1},{"mode":"inference-free","weight":2}]}""")));
        Assert.Equal(2, rrf.GetProperty("retrievers").GetArrayLength());
        Assert.Equal("inference-free", rrf.GetProperty("retrievers")[1].GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Bad_search_requests_are_400_problems_naming_the_field()
    {
        var c = factory.CreateClient();
        var k = await ProblemAssert.IsProblem(await c.GetAsync("/v1/search?q=cells&k=1001"), HttpStatusCode.BadRequest);
        Assert.Equal("k", k.GetProperty("field").GetString());
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/search?q=cells&k=ten"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/search?q=cells&mode=magic"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/search?q=cells&index=/etc"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/search"), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/search?q=" + new string('a', 3000)), HttpStatusCode.BadRequest);
        var depth = await ProblemAssert.IsProblem(await c.PostAsync("/v1/search",
            ServerFactory.Json("""{"query":"cells","mode":"hybrid","candidateDepth":20000}""")), HttpStatusCode.BadRequest);
        Assert.Contains("depth", depth.GetProperty("field").GetString(), StringComparison.OrdinalIgnoreCase);
        var malformed = await ProblemAssert.IsProblem(await c.PostAsync("/v1/search", ServerFactory.Json("""{"query": "cells", """)), HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", malformed.GetProperty("title").GetString());
        var unknown = await ProblemAssert.IsProblem(await c.PostAsync("/v1/search", ServerFactory.Json("""{"query":"cells","kk":3}""")), HttpStatusCode.BadRequest);
        Assert.Contains("kk", unknown.GetProperty("detail").GetString());
        await ProblemAssert.IsProblem(await c.PostAsync("/v1/search", ServerFactory.Json("""{"query":"cells","mode":"bm25"}""")), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await c.GetAsync("/v1/nothing-here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_report_documents_segments_size_and_models()
    {
        var json = await ProblemAssert.IsOk(await factory.CreateClient().GetAsync("/v1/stats"));
        var index = json.GetProperty("index");
        Assert.True(index.GetProperty("documents").GetInt64() >= SciFactSlice.Count - 5);
        Assert.True(index.GetProperty("segments").GetInt32() >= 1);
        Assert.True(index.GetProperty("sizeBytes").GetInt64() > 100_000);
        var models = index.GetProperty("models");
        Assert.Equal("splade-tiny", models.GetProperty("sparseModel").GetString());
        Assert.Equal(384, models.GetProperty("denseDimension").GetInt32());
        Assert.True(models.GetProperty("sparseEncoderLoaded").GetBoolean());
        Assert.True(models.GetProperty("denseEncoderLoaded").GetBoolean());
        // The index path is the server's business, never the client's.
        Assert.DoesNotContain(factory.IndexDirectory, json.ToString());
    }

    [Fact]
    public async Task Page_and_assets_are_served()
    {
        var c = factory.CreateClient();
        var page = await c.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form id=\"search-form\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/style.css")).StatusCode);
    }
}

using System.Net;
using System.Net.Http.Headers;
using Xunit;

namespace SparseSearch.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class DocumentEndpointTests(ServerFactory factory)
{
    private const string Zebra = """[{"id":"zz-1","title":"Zebra stripes and thermoregulation","text":"Why do zebras have stripes? Stripes may cool the animal and deter biting flies.","metadata":{"source":"test","n":1}}]""";

    [Fact]
    public async Task Writes_need_the_api_key()
    {
        var anonymous = factory.CreateClient();
        var missing = await anonymous.PostAsync("/v1/documents", ServerFactory.Json(Zebra));
        var p = await ProblemAssert.IsProblem(missing, HttpStatusCode.Unauthorized);
        Assert.Equal("API key required", p.GetProperty("title").GetString());
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        var wrong = factory.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.ApiKey + "x");
        await ProblemAssert.IsProblem(await wrong.PostAsync("/v1/documents", ServerFactory.Json(Zebra)), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(await wrong.DeleteAsync("/v1/documents/4983"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(await wrong.PostAsync("/v1/refresh", null), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblem(await anonymous.PostAsync("/v1/commit", null), HttpStatusCode.Unauthorized);

        var header = factory.CreateClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", ServerFactory.ApiKey[..^1]);
        await ProblemAssert.IsProblem(await header.PostAsync("/v1/refresh", null), HttpStatusCode.Unauthorized);
        header.DefaultRequestHeaders.Remove("X-Api-Key");
        header.DefaultRequestHeaders.Add("X-Api-Key", ServerFactory.ApiKey);
        await ProblemAssert.IsOk(await header.PostAsync("/v1/refresh", null));
        // Reads are open on this server.
        await ProblemAssert.IsOk(await anonymous.GetAsync("/v1/stats"));
    }

    [Fact]
    public async Task Upsert_is_searchable_after_refresh_then_delete_removes_it()
    {
        var w = factory.Writer();
        var up = await ProblemAssert.IsOk(await w.PostAsync("/v1/documents", ServerFactory.Json(Zebra)));
        Assert.Equal(1, up.GetProperty("upserted").GetInt32());
        // Not visible before the refresh.
        await ProblemAssert.IsProblem(await w.GetAsync("/v1/documents/zz-1"), HttpStatusCode.NotFound);
        long gen = (await ProblemAssert.IsOk(await w.PostAsync("/v1/refresh", null))).GetProperty("generation").GetInt64();

        var doc = await ProblemAssert.IsOk(await w.GetAsync("/v1/documents/zz-1"));
        Assert.Equal("Zebra stripes and thermoregulation", doc.GetProperty("title").GetString());
        Assert.Equal("test", doc.GetProperty("metadata").GetProperty("source").GetString());
        Assert.Equal(gen, doc.GetProperty("generation").GetInt64());

        // Encoded server-side with the real SPLADE model: a query about zebras finds it first.
        var hits = await ProblemAssert.IsOk(await w.GetAsync("/v1/search?q=why%20are%20zebras%20striped&k=3"));
        Assert.Equal("zz-1", hits.GetProperty("hits")[0].GetProperty("id").GetString());
        var dense = await ProblemAssert.IsOk(await w.GetAsync("/v1/search?q=why%20are%20zebras%20striped&k=3&mode=dense"));
        Assert.Equal("zz-1", dense.GetProperty("hits")[0].GetProperty("id").GetString());

        await ProblemAssert.IsOk(await w.DeleteAsync("/v1/documents/zz-1"));
        await ProblemAssert.IsProblem(await w.DeleteAsync("/v1/documents/no-such-doc"), HttpStatusCode.NotFound);
        long commit = (await ProblemAssert.IsOk(await w.PostAsync("/v1/commit", null))).GetProperty("generation").GetInt64();
        Assert.True(commit > gen);
        await ProblemAssert.IsProblem(await w.GetAsync("/v1/documents/zz-1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ndjson_upsert_replaces_an_existing_document()
    {
        var w = factory.Writer();
        var nd = new StringContent("""
            {"id":"nd-1","title":"Penguins","text":"Emperor penguins breed in the Antarctic winter."}

            {"id":"nd-1","title":"Penguins (revised)","text":"Emperor penguins breed during the Antarctic winter on sea ice."}
            """, System.Text.Encoding.UTF8, "application/x-ndjson");
        Assert.Equal(2, (await ProblemAssert.IsOk(await w.PostAsync("/v1/documents", nd))).GetProperty("upserted").GetInt32());
        await ProblemAssert.IsOk(await w.PostAsync("/v1/refresh", null));
        var doc = await ProblemAssert.IsOk(await w.GetAsync("/v1/documents/nd-1"));
        Assert.Equal("Penguins (revised)", doc.GetProperty("title").GetString());
        var hits = await ProblemAssert.IsOk(await w.GetAsync("/v1/search?q=emperor%20penguin%20breeding&k=10&fields="));
        Assert.Single(hits.GetProperty("hits").EnumerateArray(), h => h.GetProperty("id").GetString() == "nd-1");
    }

    [Fact]
    public async Task Bad_documents_are_400_problems_naming_the_line_or_item_and_nothing_is_written()
    {
        var w = factory.Writer();
        var before = (await ProblemAssert.IsOk(await w.GetAsync("/v1/stats"))).GetProperty("index").GetProperty("documents").GetInt64();
        var badLine = await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", new StringContent(
            "{\"id\":\"ok-1\",\"text\":\"fine\"}\n{\"id\": \"bad\", \"text\": \n", System.Text.Encoding.UTF8, "application/x-ndjson")), HttpStatusCode.BadRequest);
        Assert.Contains("line 2", badLine.GetProperty("detail").GetString());
        var empty = await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents",
            ServerFactory.Json("""[{"id":"ok-2","text":"fine"},{"id":"e","title":"","text":"  "}]""")), HttpStatusCode.BadRequest);
        Assert.Contains("item 1", empty.GetProperty("detail").GetString());
        var noId = await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", ServerFactory.Json("""[{"text":"x"}, {"id": 7, "text":"y"}]""")), HttpStatusCode.BadRequest);
        Assert.Equal(2, noId.GetProperty("errors").GetArrayLength());
        await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", ServerFactory.Json("""[{"id":"x","text":"y","path":"/etc"}]""")), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", ServerFactory.Json("[")), HttpStatusCode.BadRequest);
        var many = "[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"id":"m{{i}}","text":"t"}""")) + "]";
        var tooMany = await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", ServerFactory.Json(many)), HttpStatusCode.BadRequest);
        Assert.Contains("at most 100", tooMany.GetProperty("detail").GetString());

        await ProblemAssert.IsOk(await w.PostAsync("/v1/refresh", null));
        var after = (await ProblemAssert.IsOk(await w.GetAsync("/v1/stats"))).GetProperty("index").GetProperty("documents").GetInt64();
        Assert.Equal(before, after);
        await ProblemAssert.IsProblem(await w.GetAsync("/v1/documents/ok-1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Oversize_bodies_are_413_problems_with_or_without_a_declared_length()
    {
        var w = factory.Writer();
        string big = """[{"id":"big","text":" """ + new string('a', (int)ServerFactory.MaxBody) + "\"}]";
        await ProblemAssert.IsProblem(await w.PostAsync("/v1/documents", ServerFactory.Json(big)), HttpStatusCode.RequestEntityTooLarge);
        // Chunked: no Content-Length, so the limit is enforced while reading.
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/search") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblem(await w.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }
}

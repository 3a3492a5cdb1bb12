using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace SparseSearch.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class OpenApiTests(ServerFactory factory)
{
    [Fact]
    public async Task Every_mapped_route_is_in_the_openapi_document()
    {
        var json = await ProblemAssert.IsOk(await factory.CreateClient().GetAsync("/openapi/v1.json"));
        var paths = json.GetProperty("paths");
        var sources = factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        int checkedRoutes = 0;
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/openapi/", StringComparison.Ordinal)) continue;
            Assert.True(paths.TryGetProperty(pattern, out var item), $"{pattern} is not in the OpenAPI document");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {pattern} is not in the OpenAPI document");
            checkedRoutes++;
        }
        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} routes found");
        Assert.True(paths.GetProperty("/v1/search").GetProperty("post").TryGetProperty("requestBody", out _));
        // The documented document shape is the one the reader accepts: id required, title/text/metadata optional.
        var doc = json.GetProperty("components").GetProperty("schemas").GetProperty("DocumentRequestBody");
        Assert.Equal(["id"], doc.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.Equal(["id", "title", "text", "metadata"], doc.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray());
    }
}

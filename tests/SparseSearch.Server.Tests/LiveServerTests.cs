using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace SparseSearch.Server.Tests;

public sealed class LiveServerFixture : IAsyncLifetime
{
    public LiveServer Server { get; } = new();

    public Task InitializeAsync() => Server.StartAsync(app =>
    {
        app.MapGet("/test/boom", string () => throw new InvalidOperationException("secret detail: /srv/private/index-path"));
        app.MapGet("/test/slow", async (HttpContext http) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
            return "too late";
        });
    });

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}

public sealed class LiveServerTests(LiveServerFixture fixture, ITestOutputHelper output) : IClassFixture<LiveServerFixture>
{
    private LiveServer Server => fixture.Server;

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_details_even_in_development()
    {
        Assert.True(Server.IsDevelopment);
        var response = await Server.Client.GetAsync("test/boom");
        var body = await response.Content.ReadAsStringAsync();
        var json = await ProblemAssert.IsProblem(response, HttpStatusCode.InternalServerError);
        Assert.Equal("Internal server error", json.GetProperty("title").GetString());
        Assert.DoesNotContain("secret", body);
        Assert.DoesNotContain("/srv/private", body);
        Assert.DoesNotContain("InvalidOperation", body);
    }

    [Fact]
    public async Task A_request_over_the_timeout_is_a_503_problem()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await ProblemAssert.IsProblem(await Server.Client.GetAsync("test/slow"), HttpStatusCode.ServiceUnavailable);
        Assert.InRange(sw.Elapsed.TotalSeconds, 1.5, 15);
    }

    /// <summary>On Kestrel (TestServer has no raw request target): routing leaves %2F encoded, the server must not.</summary>
    [Fact]
    public async Task Ids_with_slashes_percent_signs_and_spaces_round_trip()
    {
        const string id = "dir/sub file%41+é";
        await ProblemAssert.IsOk(await Send(HttpMethod.Post, "v1/documents",
            System.Text.Json.JsonSerializer.Serialize(new[] { new { id, text = "An id that needs escaping in a URL." } })));
        await ProblemAssert.IsOk(await Send(HttpMethod.Post, "v1/refresh"));
        string url = "v1/documents/" + Uri.EscapeDataString(id);
        Assert.Equal(id, (await ProblemAssert.IsOk(await Server.Client.GetAsync(url))).GetProperty("id").GetString());
        await ProblemAssert.IsProblem(await Server.Client.GetAsync("v1/documents/" + Uri.EscapeDataString("dir/sub fileA+é")), HttpStatusCode.NotFound);
        Assert.Equal(id, (await ProblemAssert.IsOk(await Send(HttpMethod.Delete, url))).GetProperty("id").GetString());
        await ProblemAssert.IsOk(await Send(HttpMethod.Post, "v1/refresh"));
        await ProblemAssert.IsProblem(await Server.Client.GetAsync(url), HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? json = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LiveServer.ApiKey);
        return Server.Client.SendAsync(request);
    }

    [Fact]
    public async Task Writes_become_searchable_after_the_refresh_interval_without_a_refresh_call()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/documents")
        {
            Content = new StringContent("""[{"id":"timer-1","title":"Octopus camouflage","text":"Cephalopods change skin colour with chromatophores."}]""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LiveServer.ApiKey);
        await ProblemAssert.IsOk(await Server.Client.SendAsync(request));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await Server.Client.GetAsync("v1/documents/timer-1")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Search_page_in_headless_chromium_shows_hits_with_highlighted_terms()
    {
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: run scripts/setup.sh (it installs Debian's chromium).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1000 } });
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };

        await page.GotoAsync(Server.BaseUrl);
        await page.Locator("#stats").Filter(new LocatorFilterOptions { HasTextString = "documents" }).WaitForAsync();
        await page.FillAsync("#q", "glioma stem cells");
        await page.ClickAsync("#go");
        await page.Locator(".hit").First.WaitForAsync();

        int hits = await page.Locator(".hit").CountAsync();
        Assert.Equal(10, hits);
        Assert.Contains("Glioma", await page.Locator(".hit .title").First.InnerTextAsync());
        var score = await page.Locator(".hit .score").First.InnerTextAsync();
        Assert.True(float.TryParse(score, System.Globalization.CultureInfo.InvariantCulture, out float s) && s > 0, $"score '{score}'");
        Assert.True(await page.Locator(".hit .snippet mark").CountAsync() > 0, "no highlighted words in the snippets");
        Assert.True(await page.Locator(".hit .term.x").CountAsync() > 0, "no expansion terms shown");
        Assert.True(await page.Locator(".hit .term.q").CountAsync() > 0, "no query terms shown");

        // The title links to the stored document.
        var href = await page.Locator(".hit .title").First.GetAttributeAsync("href");
        Assert.StartsWith("v1/documents/", href);
        var doc = await ProblemAssert.IsOk(await Server.Client.GetAsync(href));
        Assert.Contains("Glioma", doc.GetProperty("title").GetString());

        var screenshot = Path.Combine(TestPaths.Results, "search-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        output.WriteLine($"screenshot: {screenshot}");

        // Hybrid with α from the slider.
        await page.SelectOptionAsync("#mode", "hybrid");
        Assert.True(await page.Locator("#alpha").IsVisibleAsync());
        await page.Locator("#alpha").FillAsync("0.3");
        await page.ClickAsync("#go");
        await page.Locator("#status").Filter(new LocatorFilterOptions { HasTextString = "hybrid" }).WaitForAsync();
        Assert.Equal(10, await page.Locator(".hit").CountAsync());
        Assert.True(await page.Locator(".hit .retrievers").First.InnerTextAsync() is { } r && r.Contains("dense") && r.Contains("sparse"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestPaths.Results, "search-page-hybrid.png") });

        Assert.Empty(consoleErrors);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>A store whose every user-controlled name carries HTML, and one watched folder for a planted source.</summary>
public sealed class PlantedHtmlFixture : BrowserFixture
{
    private readonly TempDirectory _watched = new();

    public string WatchedFolder => _watched.Path;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["AiLogger:Imports:AllowedRoots:0"] = _watched.Path;
            settings["AiLogger:Imports:ScanSchedule"] = "0 0 1 1 *";
            return settings;
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _watched.Dispose();
    }
}

/// <summary>
/// HTML planted in every name a user controls — model class, feature, rule, channel, event source, import file and
/// source, saved search, user, API key — is shown as text on every page that shows it, charts (legends, tooltips)
/// included: Chromium creates no element from it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OutputEncodingTests(PlantedHtmlFixture app) : IClassFixture<PlantedHtmlFixture>
{
    private static string Payload(string what) => $"<img src=x id=xss-{what}><b id=xss-{what}-b>{what}</b>";

    private const string Model = "xss-model";

    private static readonly string[] Classes = [Payload("class1"), Payload("class2"), "plain"];

    [SkippableFact]
    public async Task Planted_html_creates_no_element_on_any_page()
    {
        Skip.If(app.Browser is null, app.SkipReason);
        using var admin = app.CreateClient(AppFixture.AdminKey);
        await PlantAsync(admin);

        var page = await app.SignedInPageAsync();
        var planted = new List<string>();
        foreach (var (path, tabs) in new (string, string[])[]
        {
            ("/", []),
            ("/logs?range=7d", []),
            ("/models", []),
            ($"/models/{Model}", ["Metrics", "Samples by class", "Metrics by class", "Confusion matrix", "Training data", "Drift"]),
            ("/alerts/rules", []),
            ("/alerts", []),
            ("/settings/imports", []),
            ("/settings/users", []),
            ("/settings/api-keys", []),
        })
        {
            await BrowserFixture.OpenAsync(page, path);
            await page.WaitForTimeoutAsync(500);
            await HoverChartsAsync(page);
            planted.AddRange(await PlantedElementsAsync(page, path));
            foreach (var tab in tabs)
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
                await page.WaitForTimeoutAsync(500);
                await HoverChartsAsync(page);
                planted.AddRange(await PlantedElementsAsync(page, $"{path} ({tab})"));
                await BrowserFixture.ScreenshotAsync(page, "planted-html-" + tab.Replace(' ', '-').ToLowerInvariant());
            }
        }

        // The names are there, as text.
        await BrowserFixture.OpenAsync(page, "/alerts/rules");
        await Assertions.Expect(page.GetByText(Payload("rule"))).ToBeVisibleAsync();
        Assert.True(planted.Count == 0, "Elements created from planted HTML: " + string.Join(", ", planted));
        await page.Context.CloseAsync();
    }

    /// <summary>Moves the mouse across each chart so its tooltip renders, the place ApexCharts writes HTML.</summary>
    private static async Task HoverChartsAsync(IPage page)
    {
        foreach (var chart in await page.Locator(".apexcharts-canvas").AllAsync())
        {
            if (!await chart.IsVisibleAsync()) continue;
            var box = await chart.BoundingBoxAsync();
            if (box is null) continue;
            for (var x = 0.15; x < 0.95; x += 0.2)
            {
                await page.Mouse.MoveAsync((float)(box.X + box.Width * x), (float)(box.Y + box.Height * 0.5));
                await page.WaitForTimeoutAsync(60);
            }
        }
    }

    private static async Task<IEnumerable<string>> PlantedElementsAsync(IPage page, string where)
    {
        var ids = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[id^=\"xss-\"]')].map(e => e.id)");
        return ids.Select(id => $"{id} on {where}");
    }

    private async Task PlantAsync(HttpClient admin)
    {
        // A model whose classes and feature carry HTML, with predictions, validations and a reference, so every tab draws.
        Ok(await admin.PostJsonTextAsync("/api/models", JsonSerializer.Serialize(new { name = Model, classes = Classes })));
        var now = DateTimeOffset.UtcNow;
        var predictions = Enumerable.Range(0, 30).Select(i => new
        {
            id = $"p{i}", predicted = Classes[i % 3], confidence = 0.7, timestamp = now.AddDays(-(i % 3)).AddMinutes(-i),
            features = new Dictionary<string, object> { [Payload("feature")] = i % 5 * 0.1, ["device"] = Payload("value" + i % 2) },
        });
        Ok(await admin.PostJsonTextAsync($"/api/models/{Model}/predictions", JsonSerializer.Serialize(predictions)));
        Ok(await admin.PostJsonTextAsync($"/api/models/{Model}/validations",
            JsonSerializer.Serialize(Enumerable.Range(0, 30).Select(i => new { id = $"p{i}", actual = Classes[(i + i / 7) % 3] }))));
        Ok(await admin.PostJsonTextAsync($"/api/models/{Model}/reference",
            JsonSerializer.Serialize(new { classCounts = new Dictionary<string, int> { [Classes[0]] = 5, [Classes[1]] = 50, ["plain"] = 50 } })));
        Ok(await admin.PostAsync($"/api/models/{Model}/recompute?wait=true", null));

        // Events from a source, with a message and properties, all HTML.
        Ok(await admin.PostJsonTextAsync("/api/logs", JsonSerializer.Serialize(Enumerable.Range(0, 20).Select(i => new
        {
            level = i % 2 == 0 ? "error" : "warning", message = Payload("message"), component = Payload("source"),
            details = new Dictionary<string, object> { [Payload("property")] = Payload("propvalue") }, tags = new[] { Payload("tag") },
        }))));

        // An alert rule and a channel named in HTML; the rule fires so /alerts lists it.
        using var channel = await admin.PostJsonTextAsync("/api/alerts/channels",
            JsonSerializer.Serialize(new { name = Payload("channel"), kind = "webhook", url = "https://hooks.example.com/ailogger" }));
        Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        var channelId = (await channel.ReadJsonAsync()).GetProperty("id").GetInt64();
        Ok(await admin.PostJsonTextAsync("/api/alerts/rules", JsonSerializer.Serialize(new
        {
            name = Payload("rule"), kind = "logs", query = "level>=error", window = "1h", comparison = ">=", threshold = 1, channels = new[] { channelId },
        })));
        Ok(await admin.PostAsync("/api/alerts/evaluate", null));

        // An import file and a watched source with HTML names.
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent("{\"message\":\"imported\"}\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Add(file, "file", Payload("file") + ".jsonl");
        Ok(await admin.PostAsync("/api/imports", upload));
        Ok(await admin.PostJsonTextAsync("/api/imports/sources",
            JsonSerializer.Serialize(new { name = Payload("importsource"), path = app.WatchedFolder, pattern = "*.jsonl" })));

        // An API key, a user (as far as an e-mail address allows) and a shared saved search.
        Ok(await admin.PostJsonTextAsync("/api/keys", JsonSerializer.Serialize(new { name = Payload("key"), scopes = new[] { "read" } })));
        using (await admin.PostJsonTextAsync("/api/users", JsonSerializer.Serialize(new { email = "\"<img src=x id=xss-user>\"@example.com", password = "planted-password-1", roles = new[] { "Operator" } }))) { }
        var owner = (await app.Services.GetRequiredService<AiLogger.Domain.Security.IUserDirectory>().ListAsync(CancellationToken.None)).First().Id;
        await app.Services.GetRequiredService<ISavedSearchStore>().SaveAsync(
            new SavedSearch { OwnerId = owner, Name = Payload("search"), Query = "level>=error", Shared = true, CreatedAt = now }, CancellationToken.None);
    }

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted,
                $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
    }
}

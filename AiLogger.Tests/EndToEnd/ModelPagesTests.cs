using System.Net;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>An analyst walks through the models list and every tab of a model with data.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelPagesTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Classes = ["glass", "metal", "paper", "plastic"];

    [SkippableFact]
    public async Task Analyst_sees_the_model_list_and_every_tab_with_charts_tables_and_exports()
    {
        var model = "waste-" + Guid.NewGuid().ToString("N")[..6];
        using var client = app.CreateClient(AppFixture.AdminKey);
        await SeedAsync(client, model);

        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/models");
        var row = page.GetByTestId("models-table").Locator("tr", new() { HasText = model });
        await Assertions.Expect(row).ToContainTextAsync("drift");
        await Assertions.Expect(row.Locator(".apexcharts-canvas")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "models");

        await row.GetByTestId("model-link").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("model-name")).ToContainTextAsync(model);

        // Overview: 8 of 10 validated samples right in the window.
        await Assertions.Expect(page.GetByTestId("stat-accuracy-value")).ToHaveTextAsync("75.0 %");
        await Assertions.Expect(page.GetByTestId("stat-validated-value")).ToHaveTextAsync("16");
        await BrowserFixture.ScreenshotAsync(page, "model-overview");

        await OpenTabAsync(page, "Metrics", "metrics");
        await Assertions.Expect(page.GetByTestId("tab-metrics").Locator(".apexcharts-legend")).ToContainTextAsync("Estimated accuracy");
        await Assertions.Expect(page.GetByTestId("daily-table").Locator("tbody tr")).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(page, "model-metrics");

        await OpenTabAsync(page, "Samples by class", "samples");
        await Assertions.Expect(page.GetByTestId("samples-table")).ToContainTextAsync("glass");
        await Assertions.Expect(page.GetByTestId("tab-samples").Locator(".apexcharts-pie")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "model-samples");

        await OpenTabAsync(page, "Metrics by class", "classes");
        await Assertions.Expect(page.GetByTestId("classes-table").Locator("tbody tr")).ToHaveCountAsync(4);
        await BrowserFixture.ScreenshotAsync(page, "model-classes");

        await OpenTabAsync(page, "Confusion matrix", "confusion");
        // glass was predicted as glass 4 times (diagonal), and once as metal.
        await Assertions.Expect(page.GetByTestId("confusion-table").Locator("tbody tr").First).ToContainTextAsync("glass");
        await Assertions.Expect(page.GetByTestId("tab-confusion").Locator(".apexcharts-heatmap")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "model-confusion");

        await OpenTabAsync(page, "Training data", "training");
        await Assertions.Expect(page.GetByTestId("reference-table")).ToContainTextAsync("300");
        await BrowserFixture.ScreenshotAsync(page, "model-training");

        await OpenTabAsync(page, "Drift", "drift");
        await Assertions.Expect(page.GetByTestId("drift-table")).ToContainTextAsync("chi-squared");
        await Assertions.Expect(page.GetByTestId("drift-verdict").First).ToHaveTextAsync("drift");
        await Assertions.Expect(page.GetByTestId("drift-chart").First.Locator(".apexcharts-canvas")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "model-drift");

        // The view is in the URL: a reload lands on the same tab and window.
        await page.GetByTestId("range").GetByRole(AriaRole.Button, new() { Name = "Last 7 days" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("range=7d.*tab=drift"));
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("drift-table")).ToBeVisibleAsync();

        // Every table exports as CSV for the window shown.
        var csv = await page.Context.APIRequest.GetAsync($"/api/models/{model}/export/confusion?from=30d");
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.StartsWith("actual \\ predicted,glass,metal,paper,plastic", text);
        Assert.Contains("glass,4,1,0,0", text);
        await page.Context.CloseAsync();
    }

    [SkippableFact]
    public async Task With_no_model_the_list_says_how_to_start_and_an_operator_cannot_open_it()
    {
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/models/not-a-model");
        await Assertions.Expect(page.GetByTestId("model-missing")).ToContainTextAsync("No model is called");
        await page.Context.CloseAsync();
    }

    private static async Task OpenTabAsync(IPage page, string tab, string id)
    {
        await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"tab={id}"));
    }

    /// <summary>
    /// 4 classes over the last 4 days: 24 predictions, 16 validated (12 right: 75 %), training counts far from what
    /// is predicted now, so the class distribution drifts.
    /// </summary>
    private static async Task SeedAsync(HttpClient client, string model)
    {
        Ok(await client.PostJsonTextAsync("/api/models", JsonSerializer.Serialize(new { name = model, version = "1.4", classes = Classes, description = "Sorts waste photos" })));
        var now = DateTimeOffset.UtcNow;
        // Just after midnight the minutes below would reach a fifth calendar day.
        if (now.TimeOfDay < TimeSpan.FromMinutes(30)) now = now.AddMinutes(-31);
        var predictions = new List<object>();
        var validations = new List<object>();
        (string Actual, string Predicted)[] validated =
        [
            ("glass", "glass"), ("glass", "glass"), ("glass", "glass"), ("glass", "glass"), ("glass", "metal"),
            ("metal", "metal"), ("metal", "metal"), ("metal", "glass"),
            ("paper", "paper"), ("paper", "paper"), ("paper", "paper"), ("paper", "plastic"),
            ("plastic", "plastic"), ("plastic", "plastic"), ("plastic", "plastic"), ("plastic", "paper"),
        ];
        for (var i = 0; i < 24; i++)
        {
            var id = $"img_{i:000}.jpg";
            var predicted = i < validated.Length ? validated[i].Predicted : "glass";
            predictions.Add(new { id, predicted, confidence = 0.6 + i % 4 * 0.1, timestamp = now.AddDays(-(i % 4)).AddMinutes(-i), features = new { brightness = 0.2 + i % 5 * 0.1 } });
            if (i < validated.Length) validations.Add(new { id, actual = validated[i].Actual });
        }
        Ok(await client.PostJsonTextAsync($"/api/models/{model}/predictions", JsonSerializer.Serialize(predictions)));
        Ok(await client.PostJsonTextAsync($"/api/models/{model}/validations", JsonSerializer.Serialize(validations)));
        Ok(await client.PostJsonTextAsync($"/api/models/{model}/reference",
            JsonSerializer.Serialize(new { classCounts = new Dictionary<string, int> { ["glass"] = 10, ["metal"] = 300, ["paper"] = 300, ["plastic"] = 300 } })));
        Ok(await client.PostAsync($"/api/models/{model}/recompute?wait=true", null));
    }

    private static void Ok(HttpResponseMessage response)
    {
        using (response)
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted,
                $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
    }
}

using AiLogger.Tests.Support;
using Microsoft.Playwright;

namespace AiLogger.Tests.EndToEnd;

/// <summary>An admin reads the default prices, adds a custom one that wins, and tries a model against the table.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelPricesEndToEndTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [SkippableFact]
    public async Task Admin_adds_a_custom_price_and_tries_a_model_against_it()
    {
        Skip.If(app.Browser is null, app.SkipReason);
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/prices");
        await Assertions.Expect(page.GetByTestId("prices-table")).ToContainTextAsync("gpt-4o-mini*");

        await page.GetByTestId("add-price").ClickAsync();
        await page.GetByTestId("save-price").ClickAsync();
        await Assertions.Expect(page.GetByTestId("price-editor")).ToContainTextAsync("A pattern is required");
        await page.GetByTestId("edit-pattern").FillAsync("acme-llm*");
        await page.GetByTestId("edit-input").FillAsync("4");
        await page.GetByTestId("edit-output").FillAsync("8");
        await page.GetByTestId("save-price").ClickAsync();
        await Assertions.Expect(page.GetByTestId("price-editor")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("prices-table")).ToContainTextAsync("acme-llm*");

        await page.GetByTestId("try-model-name").FillAsync("ACME-llm-large");
        await page.GetByTestId("try-model-name").PressAsync("Tab");
        // A million tokens each way at 4 and 8 per million.
        await Assertions.Expect(page.GetByTestId("try-cost")).ToHaveTextAsync("$12.00");
        await BrowserFixture.ScreenshotAsync(page, "model-prices-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await BrowserFixture.ScreenshotAsync(page, "model-prices-dark");
        await page.Context.CloseAsync();
    }
}

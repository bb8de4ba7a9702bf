using AiLogger.Domain.Traces;
using AiLogger.Tests.Components;
using AiLogger.Web.Features.Settings;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiLogger.Tests.Traces;

/// <summary>Settings → Model prices: the table in force, custom entries edited with reasons when refused, and the "try a model" box.</summary>
public sealed class ModelPricesPageTests : MudTestContext
{
    private readonly InMemoryPrices _prices = new([new ModelPrice("gpt-4o*", 2.5m, 10m, 1.25m, null, Custom: false)]);

    public ModelPricesPageTests()
    {
        Services.AddSingleton<IModelPriceStore>(_prices);
        Services.AddSingleton<IPriceTableSource>(_prices);
        var authorization = AddAuthorization();
        authorization.SetAuthorized("admin@ailogger.test");
    }

    private IRenderedComponent<ModelPrices> RenderPage()
    {
        Render<MudPopoverProvider>();
        return Render<ModelPrices>();
    }

    [Fact]
    public void The_table_says_which_prices_are_defaults_and_which_custom()
    {
        _prices.Custom.Add(new ModelPrice("claude*", 3m, 15m, null, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), true) { Id = 7 });

        var page = RenderPage();

        var custom = page.Find("[data-testid=price-custom-7]");
        Assert.Contains("claude*", custom.TextContent);
        Assert.Contains("custom", custom.TextContent);
        Assert.Contains("2025-01-01", custom.TextContent);
        var fallback = page.Find("[data-testid=price-default]");
        Assert.Contains("gpt-4o*", fallback.TextContent);
        Assert.Contains("default", fallback.TextContent);
        Assert.Contains("$1.25", fallback.TextContent);
    }

    [Fact]
    public void Trying_a_model_shows_the_matching_price_and_the_cost()
    {
        var page = RenderPage();

        Field(page, "try-model-name").Input("gpt-4o-mini");

        // 1M input and 1M output tokens at 2.5 and 10 per million.
        Assert.Contains("gpt-4o*", page.Find("[data-testid=try-result]").TextContent);
        Assert.Equal("$12.50", page.Find("[data-testid=try-cost]").TextContent);
        Field(page, "try-model-name").Input("llama-3");
        Assert.Contains("No price matches", page.Find("[data-testid=try-result]").TextContent);
    }

    [Fact]
    public void A_custom_price_is_refused_with_reasons_then_saved()
    {
        var page = RenderPage();

        page.Find("[data-testid=add-price]").Click();
        page.Find("[data-testid=save-price]").Click();

        Assert.Contains("A pattern is required", page.Find("[data-testid=price-editor]").TextContent);
        Assert.Contains("An input price is required", page.Find("[data-testid=price-editor]").TextContent);
        Assert.Empty(_prices.Custom);

        Field(page, "edit-pattern").Input("gpt-4o*");
        Field(page, "edit-input").Input("1");
        Field(page, "edit-output").Input("2");
        page.Find("[data-testid=save-price]").Click();

        var saved = Assert.Single(_prices.Custom);
        Assert.Equal(("gpt-4o*", 1m, 2m, (decimal?)null, "admin@ailogger.test"), (saved.Pattern, saved.InputPerMillion, saved.OutputPerMillion, saved.CachedInputPerMillion, _prices.LastUser));
        page.WaitForAssertion(() => Assert.Contains("custom", page.Find($"[data-testid=price-custom-{saved.Id}]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=price-editor]"));
    }

    [Fact]
    public void A_negative_price_is_refused()
    {
        var page = RenderPage();

        page.Find("[data-testid=add-price]").Click();
        Field(page, "edit-pattern").Input("x*");
        Field(page, "edit-input").Input("1");
        Field(page, "edit-output").Input("-2");
        page.Find("[data-testid=save-price]").Click();

        Assert.Empty(_prices.Custom);
        Assert.Contains("cannot be negative", page.Find("[data-testid=price-editor]").TextContent);
    }

    /// <summary>The input of a MudBlazor field, wherever the field puts its test id.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<ModelPrices> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
    }

    private sealed class InMemoryPrices(IReadOnlyList<ModelPrice> defaults) : IModelPriceStore, IPriceTableSource
    {
        public List<ModelPrice> Custom { get; } = [];

        public string? LastUser { get; private set; }

        public IReadOnlyList<ModelPrice> Defaults => defaults;

        public Task<PriceTable> GetAsync(CancellationToken cancellationToken) => Task.FromResult(new PriceTable(defaults.Concat(Custom)));

        public Task<IReadOnlyList<ModelPrice>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ModelPrice>>(Custom.ToList());

        public Task<ModelPriceSaveResult> SaveAsync(ModelPrice price, string updatedBy, CancellationToken cancellationToken)
        {
            var errors = price.Validate();
            if (errors.Count > 0) return Task.FromResult(new ModelPriceSaveResult(null, errors));
            LastUser = updatedBy;
            var saved = price with { Id = price.Id ?? Custom.Count + 1, Custom = true };
            Custom.RemoveAll(p => p.Id == saved.Id);
            Custom.Add(saved);
            return Task.FromResult(new ModelPriceSaveResult(saved, new Dictionary<string, string>()));
        }

        public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken) => Task.FromResult(Custom.RemoveAll(p => p.Id == id) > 0);
    }
}

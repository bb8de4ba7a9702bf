using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Traces;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Components;

/// <summary>The LLM usage page over in-memory figures: how to start when there are none, the tables when there are.</summary>
public sealed class LlmUsagePageTests : MudTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTraceStatistics _statistics = new();
    private readonly FixedPrices _prices = new();

    private sealed class FixedPrices : IPriceTableSource
    {
        public List<ModelPrice> Entries { get; } = [];

        public IReadOnlyList<ModelPrice> Defaults => Entries;

        public Task<PriceTable> GetAsync(CancellationToken cancellationToken) => Task.FromResult(new PriceTable(Entries));
    }

    public LlmUsagePageTests()
    {
        Services.AddSingleton<ITraceStatistics>(_statistics);
        Services.AddSingleton<IPriceTableSource>(_prices);
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        Services.AddScoped<BrowserTime>();
        Services.AddScoped<Clipboard>();
    }

    private IRenderedComponent<LlmUsage> Open(string query = "")
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(LlmUsageView.Path + query);
        return Render<LlmUsage>();
    }

    private static LlmUsageReport Figures(LlmUsageRequest request) => new()
    {
        From = request.From,
        To = request.To,
        Daily = [new LlmDailyUsage(new DateOnly(2026, 12, 1), "gpt-4o", 4, 417, 158, 1)],
        Models = [new LlmModelUsage { Model = "gpt-4o", Calls = 4, Errors = 1, InputTokens = 417, OutputTokens = 158, P50Ms = 100, P95Ms = 400, LatencySample = 4 }],
        TopTraces = [new LlmTraceUsage { TraceId = new string('a', 32), RootName = "chat", RootService = "bot", StartTime = Now, Models = [new LlmModelTokens("gpt-4o", 2, 400, 150)] }],
    };

    [Fact]
    public void Without_GenAI_spans_the_page_says_how_to_send_them()
    {
        var page = Open();

        var empty = page.Find("[data-testid=llm-empty]").TextContent;
        Assert.Contains("OpenTelemetry GenAI semantic conventions", empty);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost", empty);
        Assert.Contains("gen_ai.usage.input_tokens", empty);
        Assert.Equal(Now - TimeSpan.FromDays(7), _statistics.LastRequest!.From);
    }

    [Fact]
    public void The_range_service_and_query_come_from_the_url()
    {
        var page = Open("?range=30d&service=bot&q=status:error");

        Assert.Equal((Now - TimeSpan.FromDays(30), Now, "bot", "status:error"),
            (_statistics.LastRequest!.From, _statistics.LastRequest.To, _statistics.LastRequest.Service, _statistics.LastRequest.Query.Text));
        Assert.Contains("match this service and query", page.Find("[data-testid=llm-none-match]").TextContent);
    }

    [Fact]
    public void Models_and_the_most_expensive_traces_are_listed_with_tokens_and_no_cost_column_until_prices_exist()
    {
        _statistics.Usage = Figures;

        var page = Open();

        var model = page.Find("[data-testid=llm-models] tbody tr").TextContent;
        Assert.Contains("gpt-4o", model);
        Assert.Contains("25%", model);
        Assert.Contains("100 ms", model);
        Assert.Contains("400 ms", model);
        Assert.Contains("417", model);
        Assert.EndsWith("–", model.Trim()); // no price for gpt-4o in this table: no cost
        Assert.Equal($"/traces/{new string('a', 32)}", page.Find("[data-testid=llm-trace-link]").GetAttribute("href"));
        Assert.Contains("550", page.Find("[data-testid=llm-traces] tbody tr").TextContent);
    }

    [Fact]
    public void Costs_are_priced_per_model_from_the_price_table()
    {
        _statistics.Usage = Figures;
        _prices.Entries.Add(new ModelPrice("gpt-4o", 1000, 1000, null, null, Custom: false)); // $1 per thousand tokens

        var page = Open();

        Assert.Contains("$0.575", page.Find("[data-testid=llm-models] tbody tr").TextContent); // (417 + 158) / 1000
        Assert.Contains("$0.55", page.Find("[data-testid=llm-traces] tbody tr").TextContent);
    }

    [Fact]
    public void The_url_record_round_trips_and_ignores_unknown_ranges()
    {
        var view = LlmUsageView.FromUri("http://localhost/traces/llm?range=30d&service=%20bot%20&q=status:error");

        Assert.Equal(new LlmUsageView { Range = "30d", Service = "bot", Query = "status:error" }, view);
        Assert.Equal(view, LlmUsageView.FromUri("http://localhost" + view.ToUri()));
        Assert.Equal("7d", LlmUsageView.FromUri("http://localhost/traces/llm?range=400d").Range);
        Assert.Equal("/traces/llm", new LlmUsageView().ToUri());
    }
}

using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Traces;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiLogger.Tests.Components;

/// <summary>The compare page over an in-memory store: what a person sees for two traces, a bad id, and none.</summary>
public sealed class TraceCompareTests : MudTestContext
{
    private const string A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const long Ms = 1_000_000;
    private static readonly long Base = SpanTime.ToUnixNano(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTraceStore _store = new();

    public TraceCompareTests()
    {
        Services.AddSingleton<ITraceStore>(_store);
        Services.AddScoped<BrowserTime>();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        _store.Add(
            Span(A, "0000000000000001", null, "checkout", "POST /order", 0, 100),
            Span(A, "0000000000000002", "0000000000000001", "db", "insert", 10, 30),
            Span(A, "0000000000000003", "0000000000000001", "legacy", "audit", 50, 25),
            Span(B, "0000000000000011", null, "checkout", "POST /order", 0, 400, SpanStatus.Error),
            Span(B, "0000000000000012", "0000000000000011", "db", "insert", 10, 10),
            Span(B, "0000000000000013", "0000000000000011", "llm", "chat gpt-4o", 30, 350));
    }

    private static Span Span(string trace, string id, string? parent, string service, string name, long startMs, long ms, SpanStatus status = SpanStatus.Unset) => new()
    {
        TraceId = trace,
        SpanId = id,
        ParentSpanId = parent,
        Service = service,
        Name = name,
        StartUnixNano = Base + startMs * Ms,
        EndUnixNano = Base + (startMs + ms) * Ms,
        Status = status,
    };

    private IRenderedComponent<TraceCompare> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(TraceCompareView.Path + query);
        return Render<TraceCompare>();
    }

    [Fact]
    public void Two_traces_show_their_headers_and_the_merged_paths_with_counts_times_and_differences()
    {
        var page = Open($"?a={A}&b={B}");

        var headerA = page.Find("[data-testid=compare-header-a]").TextContent;
        var headerB = page.Find("[data-testid=compare-header-b]").TextContent;
        Assert.Contains("POST /order", headerA);
        Assert.Contains("100 ms", headerA);
        Assert.Contains("3 spans", headerA);
        Assert.Contains("0 errors", headerA);
        Assert.Contains("1 error", headerB);
        Assert.Equal($"/traces/{B}", page.FindAll("[data-testid=trace-link]")[1].GetAttribute("href"));

        var rows = page.FindAll("[data-testid=diff-row]");
        Assert.Equal(4, rows.Count);
        // Root first, then children by the largest absolute difference: the new LLM call, the removed audit, the faster insert.
        Assert.Contains("POST /order", rows[0].TextContent);
        Assert.Equal("+300 ms", rows[0].QuerySelector("[data-testid=diff-difference]")!.TextContent);
        Assert.Contains("slower", rows[0].QuerySelector("[data-testid=diff-difference]")!.ClassName);
        Assert.Contains("chat gpt-4o", rows[1].TextContent);
        Assert.NotNull(rows[1].QuerySelector("[data-testid=only-b]"));
        Assert.Contains("audit", rows[2].TextContent);
        Assert.NotNull(rows[2].QuerySelector("[data-testid=only-a]"));
        Assert.Contains("insert", rows[3].TextContent);
        Assert.Equal("−20 ms", rows[3].QuerySelector("[data-testid=diff-difference]")!.TextContent);
        Assert.Contains("faster", rows[3].QuerySelector("[data-testid=diff-difference]")!.ClassName);
        Assert.Single(rows[1].QuerySelectorAll(".guide")); // depth 1
        Assert.Empty(rows[0].QuerySelectorAll(".guide"));
    }

    [Fact]
    public void Collapsing_the_root_hides_its_subtree_and_expanding_shows_it_again()
    {
        var page = Open($"?a={A}&b={B}");

        page.Find("[data-testid=diff-toggle]").Click();
        Assert.Single(page.FindAll("[data-testid=diff-row]"));

        page.Find("[data-testid=diff-toggle]").Click();
        Assert.Equal(4, page.FindAll("[data-testid=diff-row]").Count);
    }

    [Fact]
    public void A_malformed_id_and_an_unknown_one_are_named_with_their_side()
    {
        var page = Open($"?a=not-a-trace&b={new string('c', 32)}");

        var error = page.Find("[data-testid=compare-error]").TextContent;
        Assert.Contains("Trace A: 'not-a-trace' is not a trace id", error);
        Assert.Contains($"Trace B: {new string('c', 32)} was not found", error);
        Assert.Empty(page.FindAll("[data-testid=diff-row]"));
    }

    [Fact]
    public void Without_ids_the_page_explains_how_to_pick_two_traces()
    {
        var page = Open("");

        var empty = page.Find("[data-testid=compare-empty]").TextContent;
        Assert.Contains("tick two traces", empty);
        Assert.Contains("paste two trace ids", empty);
    }

    [Fact]
    public void Compare_navigates_to_the_url_of_the_typed_ids_and_shows_them()
    {
        var page = Open("");

        page.Find("input[data-testid=compare-a]").Input(A.ToUpperInvariant());
        page.Find("input[data-testid=compare-b]").Input(B);
        page.Find("[data-testid=compare-button]").Click();

        Assert.EndsWith($"/traces/compare?a={A.ToUpperInvariant()}&b={B}", Services.GetRequiredService<NavigationManager>().Uri);
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=diff-row]").Count));
        Assert.Equal($"/traces/{A}", page.FindAll("[data-testid=trace-link]")[0].GetAttribute("href"));
    }

    [Fact]
    public void The_url_record_round_trips_both_ids()
    {
        var view = TraceCompareView.FromUri($"http://localhost/traces/compare?a=%20{A}%20&b={B}");

        Assert.Equal(new TraceCompareView { A = A, B = B }, view);
        Assert.Equal($"/traces/compare?a={A}&b={B}", view.ToUri());
        Assert.Equal("/traces/compare", new TraceCompareView().ToUri());
    }
}

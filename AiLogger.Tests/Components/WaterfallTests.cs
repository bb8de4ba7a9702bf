using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Traces;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static AiLogger.Tests.Traces.TraceTreeTests;

namespace AiLogger.Tests.Components;

/// <summary>The waterfall as an operator reads it: the tree, collapsing, the critical path, find-and-hide, logs in spans.</summary>
public sealed class WaterfallTests : MudTestContext
{
    // web GET /checkout 0–100 → checkout place 5–95 → (db query 10–30, payments charge 40–90 failed); web render 96–99.
    private static readonly Span[] Checkout =
    [
        S("a0", null, 0, 100, "web", "GET /checkout"),
        S("b0", "a0", 5, 95, "checkout", "place order"),
        S("c0", "b0", 10, 30, "db", "SELECT cart"),
        S("d0", "b0", 40, 90, "payments", "charge card", SpanStatus.Error, """{"card":"visa"}"""),
        S("e0", "a0", 96, 99, "web", "render"),
    ];

    public WaterfallTests()
    {
        Services.AddScoped<BrowserTime>();
        Services.AddScoped<Clipboard>();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<Waterfall> Show(Span[] spans, IReadOnlySet<string>? matches = null, bool hide = false, IReadOnlyList<LogEvent>? logs = null, Action<string>? select = null) =>
        Render<Waterfall>(p => p
            .Add(w => w.Tree, TraceTree.Build(spans))
            .Add(w => w.Matches, matches)
            .Add(w => w.Hide, hide)
            .Add(w => w.Logs, logs ?? [])
            .Add(w => w.OnSelect, (string id) => select?.Invoke(id)));

    private static List<(string Span, string Depth)> Rows(IRenderedComponent<Waterfall> waterfall) =>
        waterfall.FindAll("[data-testid=span-row]").Select(r => (r.GetAttribute("data-span")!, r.GetAttribute("data-depth")!)).ToList();

    [Fact]
    public void Spans_show_under_their_parents_in_start_order_with_their_service_and_duration()
    {
        var waterfall = Show(Checkout);

        Assert.Equal([("a0", "0"), ("b0", "1"), ("c0", "2"), ("d0", "2"), ("e0", "1")], Rows(waterfall));
        var charge = waterfall.Find("[data-span=d0]");
        Assert.Contains("payments", charge.TextContent);
        Assert.Contains("50 ms", charge.TextContent);
        Assert.NotNull(charge.QuerySelector("[data-testid=error-marker]"));
        Assert.Null(waterfall.Find("[data-span=c0]").QuerySelector("[data-testid=error-marker]"));
    }

    [Fact]
    public void Collapsing_a_span_hides_its_subtree_and_says_how_many_spans_it_holds()
    {
        var waterfall = Show(Checkout);

        waterfall.Find("[data-span=b0] [data-testid=span-toggle]").Click();

        Assert.Equal(["a0", "b0", "e0"], Rows(waterfall).Select(r => r.Span));
        Assert.Contains("+2", waterfall.Find("[data-span=b0]").TextContent);

        waterfall.Find("[data-testid=collapse-all]").Click();
        Assert.Equal(["a0", "b0", "e0"], Rows(waterfall).Select(r => r.Span)); // roots stay open
        waterfall.Find("[data-testid=expand-all]").Click();
        Assert.Equal(5, Rows(waterfall).Count);
    }

    [Fact]
    public void The_critical_path_marks_the_spans_that_decided_when_the_trace_ended()
    {
        var waterfall = Show(Checkout);

        // e0 ended last (99) → back in a0 before 96: b0 → its last child d0 → before 40: c0. All but none.
        var critical = waterfall.FindAll("[data-critical=true]").Select(r => r.GetAttribute("data-span")).ToList();
        Assert.Equal(["a0", "b0", "c0", "d0", "e0"], critical);
        Assert.Equal(3, waterfall.Find("[data-span=b0]").QuerySelectorAll(".critical").Length); // 90–95, 30–40, 5–10

        var parallel = Show([S("a1", null, 0, 100), S("b1", "a1", 10, 50), S("c1", "a1", 20, 90)]);
        // b1 ran alongside c1 and ended before c1 started mattering: off the path.
        Assert.Equal(["a1", "c1"], parallel.FindAll("[data-critical=true]").Select(r => r.GetAttribute("data-span")));

        waterfall.Find("[data-testid=critical-switch] input, input[data-testid=critical-switch]").Change(false);
        Assert.Empty(waterfall.FindAll("[data-critical=true]"));
    }

    [Fact]
    public void Find_highlights_the_matches_and_hide_shows_only_them()
    {
        var tree = TraceTree.Build(Checkout);
        var query = TraceQuery.Parse("service:payments OR visa");
        var matches = tree.Nodes.Where(n => SpanMatcher.Matches(query, n.Span, wordsAnywhere: true)).Select(n => n.Span.SpanId).ToHashSet();

        var highlighted = Show(Checkout, matches);
        Assert.Equal(5, Rows(highlighted).Count);
        Assert.Contains("matched", highlighted.Find("[data-span=d0]").ClassName);
        Assert.Contains("dimmed", highlighted.Find("[data-span=c0]").ClassName);

        var hidden = Show(Checkout, matches, hide: true);
        Assert.Equal([("d0", "0")], Rows(hidden));
        Assert.Contains("1 of 5 spans match", hidden.Markup);
    }

    [Fact]
    public void Logs_of_a_span_are_counted_on_its_row_and_shown_inline_on_request()
    {
        LogEvent Log(long id, string span, string message) => new()
        {
            Id = id, Timestamp = Checkout[3].StartTime.AddMilliseconds(5), Level = LogLevel.Error, Message = message, TraceId = Checkout[3].TraceId, SpanId = span,
        };
        var waterfall = Show(Checkout, logs: [Log(1, "d0", "card declined"), Log(2, "d0", "retrying <b>now</b>")]);

        Assert.Contains("2", waterfall.Find("[data-span=d0] .log-count").TextContent);
        Assert.Empty(waterfall.FindAll("[data-testid=inline-log]"));

        waterfall.Find("[data-testid=inline-logs] input, input[data-testid=inline-logs]").Change(true);

        var inline = waterfall.FindAll("[data-testid=inline-log]");
        Assert.Equal(2, inline.Count);
        Assert.Contains("retrying <b>now</b>", inline[1].TextContent); // text, not markup
        Assert.Empty(inline[1].QuerySelectorAll("b"));
    }

    [Fact]
    public void Prerendered_it_shows_the_first_screen_of_rows_without_the_virtualised_list()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        var chain = Enumerable.Range(0, 100).Select(i => S($"s{i}", i == 0 ? null : $"s{i - 1}", i, 200)).ToArray();

        var waterfall = Show(chain);

        Assert.Equal(40, Rows(waterfall).Count);
        Assert.Equal(("s0", "0"), Rows(waterfall)[0]);
    }

    [Fact]
    public void Clicking_a_row_selects_its_span()
    {
        string? selected = null;
        var waterfall = Show(Checkout, select: id => selected = id);

        waterfall.Find("[data-span=c0]").Click();

        Assert.Equal("c0", selected);
    }
}

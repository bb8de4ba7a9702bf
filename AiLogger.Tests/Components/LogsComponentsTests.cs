using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Logs;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Components;

/// <summary>The explore page's parts, as a person sees and uses them.</summary>
public sealed class LogsComponentsTests : MudTestContext
{
    public LogsComponentsTests()
    {
        Services.AddScoped<BrowserTime>();
        Services.AddScoped<Clipboard>();
    }

    [Fact]
    public void Query_box_searches_on_enter_with_what_was_typed()
    {
        string? searched = null;
        var box = Render<QueryBox>(p => p.Add(b => b.Value, "old").Add(b => b.OnSearch, (string q) => searched = q));

        var input = box.Find("input");
        input.Input("level>=warning timeout");
        input.KeyDown(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("level>=warning timeout", searched);
    }

    [Fact]
    public void Query_box_underlines_the_character_where_the_query_breaks_and_says_what_was_expected()
    {
        const string text = "level>=warning (timeout";
        var error = Assert.Throws<LogQuerySyntaxException>(() => LogQuery.Parse(text));

        var box = Render<QueryBox>(p => p.Add(b => b.Value, text).Add(b => b.Error, error));

        var shown = box.Find("[data-testid=query-error]");
        Assert.Contains("expected ')'", shown.TextContent);
        Assert.Equal(" ", box.Find(".query-error-at").TextContent); // the missing ')' after the end
        Assert.Equal(text, box.Find(".query-echo").TextContent.TrimEnd());
    }

    [Fact]
    public void Query_box_offers_the_recent_queries_and_the_syntax()
    {
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var box = Render<QueryBox>(p => p.Add(b => b.History, ["source:api", "level:error"]));

        Assert.False(box.Find("[data-testid=query-history] button").HasAttribute("disabled"));
        box.Find("[data-testid=query-help-button]").Click();
        Assert.Contains("source:api*", popovers.Markup);
    }

    [Fact]
    public void Facets_show_counts_and_turn_clicks_into_query_terms()
    {
        var terms = new List<string>();
        var facets = Render<Facets>(p => p
            .Add(f => f.Title, "Source").Add(f => f.Field, "source")
            .Add(f => f.Values, [new ValueCount("payments api", 1234), new ValueCount("ledger", 56), new ValueCount(null, 7)])
            .Add(f => f.OnFilter, (string t) => terms.Add(t)));

        var rows = facets.FindAll("[data-testid=facet]");
        Assert.Equal(3, rows.Count);
        Assert.Contains("1,234", rows[0].TextContent);
        Assert.Contains("(none)", rows[2].TextContent);

        rows[0].QuerySelector(".facet-value")!.Click();
        facets.FindAll("[data-testid=facet]")[1].QuerySelector(".facet-exclude")!.Click();

        Assert.Equal(["source:\"payments api\"", "-source:ledger"], terms);
        Assert.True(facets.FindAll("[data-testid=facet]")[2].QuerySelector(".facet-value")!.HasAttribute("disabled"));
    }

    [Fact]
    public void Event_details_show_message_exception_and_properties_as_text_and_filter_by_a_value()
    {
        var terms = new List<string>();
        var e = new LogEvent
        {
            Id = 42,
            Timestamp = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
            Level = LogLevel.Error,
            Message = "<script>alert(1)</script> payment failed",
            MessageTemplate = "{Script} payment failed",
            Source = "payments",
            Exception = "System.TimeoutException: gateway\n   at Pay()",
            TraceId = "abc123",
            PropertiesJson = """{"duration_ms":812,"Request":{"Path":"/pay"},"Items":[1,2],"bad key":"x"}""",
            Tags = ["critical"],
        };

        var details = Render<EventDetails>(p => p.Add(d => d.Event, e).Add(d => d.OnFilter, (string t) => terms.Add(t)));

        Assert.Equal("<script>alert(1)</script> payment failed", details.Find("[data-testid=event-message]").TextContent);
        Assert.Empty(details.FindAll("[data-testid=event-message] script"));
        Assert.Equal("System.TimeoutException: gateway\n   at Pay()", details.Find("[data-testid=event-exception]").TextContent);
        Assert.Equal("{Script} payment failed", details.Find("[data-testid=event-template]").TextContent);

        var properties = details.FindAll("[data-testid=property]");
        Assert.Contains(properties, p => p.TextContent.Contains("duration_ms") && p.TextContent.Contains("812"));
        var path = properties.Single(p => p.TextContent.Contains("/pay"));
        path.QuerySelector("[data-testid=filter-value]")!.Click();
        details.FindAll("[data-testid=property]").Single(p => p.TextContent.Contains("812")).QuerySelector("[data-testid=exclude-value]")!.Click();
        Assert.Equal(["Request.Path:/pay", "-duration_ms:812"], terms);

        // Array items and names a query cannot spell can be copied but not filtered.
        Assert.All(details.FindAll("[data-testid=property]").Where(p => p.TextContent.Contains("bad key") || p.TextContent.Contains("[0]")),
            p => Assert.Null(p.QuerySelector("[data-testid=filter-value]")));
    }

    [Fact]
    public void Event_without_properties_says_so()
    {
        var details = Render<EventDetails>(p => p.Add(d => d.Event, new LogEvent { Timestamp = DateTimeOffset.UtcNow, Message = "plain" }));

        Assert.Contains("This event has no properties.", details.Markup);
        Assert.Empty(details.FindAll("[data-testid=event-exception]"));
    }
}

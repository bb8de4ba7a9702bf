using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Web.Features.Overview;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Components;

/// <summary>The overview's trace cards: the figures, where a click goes, and who is sent to the LLM usage page.</summary>
public sealed class OverviewTraceCardsTests : MudTestContext
{
    private readonly InMemoryTraceStatistics _traces = new()
    {
        Overview = new TraceOverview { TracesLastHour = 90, ErrorTracesLastHour = 3, LlmTokensToday = 123_456 },
    };

    public OverviewTraceCardsTests()
    {
        Services.AddSingleton<ITraceStatistics>(_traces);
        Services.AddSingleton<ILogStatistics>(new EmptyLogStatistics());
    }

    private IRenderedComponent<Overview> RenderAs(string role)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized($"{role.ToLowerInvariant()}@ailogger.test");
        authorization.SetRoles(role);
        authorization.SetPolicies(AiLogger.Domain.Security.Roles.All.Where(p => AiLogger.Domain.Security.Roles.AtLeast(p).Contains(role)).Select(r => "page:" + r).ToArray());
        return Render<Overview>();
    }

    [Fact]
    public void Trace_cards_show_the_rate_error_traces_and_todays_tokens()
    {
        var page = RenderAs("Analyst");

        Assert.Equal("1.5", page.Find("[data-testid=traces-rate-value]").TextContent);
        Assert.Equal("3", page.Find("[data-testid=error-traces-value]").TextContent);
        Assert.Equal("123,456", page.Find("[data-testid=llm-tokens-value]").TextContent);

        page.Find("[data-testid=error-traces]").Click();
        Assert.EndsWith("/traces?q=status:error&range=1h", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
        page.Find("[data-testid=llm-tokens]").Click();
        Assert.EndsWith("/traces/llm", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void An_operator_is_not_sent_to_the_llm_page_they_may_not_open()
    {
        var page = RenderAs("Operator");

        Assert.DoesNotContain("stat-link", page.Find("[data-testid=llm-tokens]").ClassName);
        Assert.Contains("stat-link", page.Find("[data-testid=error-traces]").ClassName);
    }

    private sealed class EmptyLogStatistics : ILogStatistics
    {
        public Task<LogOverview> GetOverviewAsync(CancellationToken cancellationToken) => Task.FromResult(new LogOverview
        {
            EventsToday = 0, ErrorsLastHour = 0, EventsPerSecond = 0, DatabaseBytes = 0, TotalEvents = 0, LastDay = [],
        });

        public Task<ApiStatistics> GetApiStatisticsAsync(int hours, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}

using AiLogger.Domain.Live;
using AiLogger.Web.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Components;

/// <summary>The notice the live tail and the trace list show while other nodes' updates cannot arrive.</summary>
public sealed class LiveFanOutNoticeTests : MudTestContext
{
    private sealed class Status : ILiveFanOutStatus
    {
        public bool Paused => Reason is not null;

        public string? Reason { get; private set; }

        public event Action? Changed;

        public void Set(string? reason)
        {
            Reason = reason;
            Changed?.Invoke();
        }
    }

    [Fact]
    public void The_notice_appears_while_the_fan_out_is_paused_and_goes_once_it_is_back()
    {
        var status = new Status();
        Services.AddSingleton<ILiveFanOutStatus>(status);
        var notice = Render<LiveFanOutNotice>();
        Assert.Empty(notice.FindAll("[data-testid=live-fanout-paused]"));

        status.Set("Live updates from other nodes are paused: Redis at 10.0.0.5:6379 is unreachable.");
        notice.WaitForAssertion(() => Assert.Contains("Redis at 10.0.0.5:6379 is unreachable", notice.Find("[data-testid=live-fanout-paused]").TextContent));

        status.Set(null);
        notice.WaitForAssertion(() => Assert.Empty(notice.FindAll("[data-testid=live-fanout-paused]")));
    }
}

using AiLogger.Domain.Alerts;

namespace AiLogger.Tests.Domain.Alerts;

/// <summary>Rules for the tests, built through the draft's validation like the real ones.</summary>
internal static class AlertRules
{
    public static AlertRule Logs(
        string comparison = ">=", double threshold = 3, string window = "5m", string? @for = null, string cooldown = "10m",
        bool repeat = false, bool notifyOnResolve = true, string? groupBy = null, string? query = "level>=error")
    {
        var errors = new AlertRuleDraft
        {
            Name = "errors",
            Query = query,
            GroupBy = groupBy,
            Window = window,
            Comparison = comparison,
            Threshold = threshold,
            For = @for,
            Cooldown = cooldown,
            Repeat = repeat,
            NotifyOnResolve = notifyOnResolve,
        }.Validate(out var rule);
        Assert.Empty(errors);
        return rule! with { Id = 1 };
    }
}

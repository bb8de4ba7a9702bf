using System.Globalization;
using System.Text.RegularExpressions;
using AiLogger.Domain.TestResults;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Logs;
using AiLogger.Web.Features.Traces;
using MudBlazor;

namespace AiLogger.Web.Features.Tests;

/// <summary>How the test pages show outcomes, durations and rates, and where a run links to in logs and traces.</summary>
public static partial class TestFormat
{
    public static Color OutcomeColor(TestOutcome outcome, bool flaky = false) => flaky ? Color.Warning : outcome switch
    {
        TestOutcome.Passed => Color.Success,
        TestOutcome.Failed or TestOutcome.Error => Color.Error,
        _ => Color.Default,
    };

    public static string OutcomeIcon(TestOutcome outcome, bool flaky = false) => flaky ? Icons.Material.Filled.Autorenew : outcome switch
    {
        TestOutcome.Passed => Icons.Material.Filled.CheckCircle,
        TestOutcome.Failed => Icons.Material.Filled.Cancel,
        TestOutcome.Error => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.RemoveCircleOutline,
    };

    /// <summary>The CSS class of an outcome cell in a strip.</summary>
    public static string StripClass(TestOutcome outcome, bool flaky) => flaky ? "flaky" : outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed or TestOutcome.Error => "failed",
        _ => "skipped",
    };

    public static string Duration(double ms) => ms switch
    {
        < 1 => $"{ms.ToString("0.##", CultureInfo.InvariantCulture)} ms",
        < 1000 => $"{ms.ToString("0", CultureInfo.InvariantCulture)} ms",
        < 60_000 => $"{(ms / 1000).ToString("0.0#", CultureInfo.InvariantCulture)} s",
        _ => $"{(int)(ms / 60_000)} min {((ms % 60_000) / 1000).ToString("0", CultureInfo.InvariantCulture)} s",
    };

    public static string Percent(double? rate, int decimals = 1) =>
        rate is { } r ? (r * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + " %" : "–";

    public static string RunStatus(TestRunTotals t) => t.Failed + t.Errors > 0 ? "failed" : t.Tests == 0 ? "empty" : "passed";

    public static Color RunColor(TestRunTotals t) => t.Failed + t.Errors > 0 ? Color.Error : t.Tests == 0 ? Color.Default : Color.Success;

    public static string ShortCommit(string? commit) => commit is null ? "–" : commit.Length > 10 ? commit[..10] : commit;

    /// <summary>The run's time range (a minute either side) in the logs, narrowed to its service label or environment.</summary>
    public static string LogsUri(TestRunSummary run) => new LogsView
    {
        Query = Scope(run, "source"),
        Range = LogsView.DefaultRange,
        From = run.StartedAt.AddMinutes(-1),
        To = run.EndedAt.AddMinutes(1),
    }.ToUri();

    public static string TracesUri(TestRunSummary run) => new TracesView
    {
        Query = run.Labels.TryGetValue("service", out var service) ? $"service:{Quote(service)}" : string.Empty,
        Time = new TimeRange(TimeRange.DefaultRange, run.StartedAt.AddMinutes(-1), run.EndedAt.AddMinutes(1)),
    }.ToUri();

    private static string Scope(TestRunSummary run, string field) =>
        run.Labels.TryGetValue("service", out var service) ? $"{field}:{Quote(service)}"
        : run.Environment is { } environment ? $"environment:{Quote(environment)}" : string.Empty;

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A 32-digit hex trace id in a failure message, to link to its trace.</summary>
    public static string? TraceIdIn(string? text) => text is null ? null : TraceId().Match(text) is { Success: true } m ? m.Value.ToLowerInvariant() : null;

    [GeneratedRegex(@"\b[0-9a-fA-F]{32}\b")]
    private static partial Regex TraceId();
}

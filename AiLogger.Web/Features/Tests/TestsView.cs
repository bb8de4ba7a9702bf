using System.Globalization;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Tests;

/// <summary><c>/tests</c> in its URL: a project's branch opened for its trends (<c>project</c>, <c>trend</c>), filters by branch and environment.</summary>
public sealed record TestsView
{
    public string? Project { get; init; }

    /// <summary>The branch of <see cref="Project"/> whose trends are open; empty for runs without a branch.</summary>
    public string? Trend { get; init; }

    public string? Branch { get; init; }

    public string? Environment { get; init; }

    public static TestsView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        return new TestsView
        {
            Project = Value(query, "project"),
            Trend = query.TryGetValue("trend", out var trend) ? trend.ToString() : null,
            Branch = Value(query, "branch"),
            Environment = Value(query, "environment"),
        };
    }

    public string ToUri()
    {
        var parameters = Parameters(("project", Project), ("branch", Branch), ("environment", Environment));
        if (Project is not null && Trend is not null) parameters["trend"] = Trend;
        return QueryHelpers.AddQueryString(Routes.TestsPage, parameters);
    }

    internal static string? Value(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString() : null;

    internal static Dictionary<string, string?> Parameters(params (string Name, string? Value)[] values) =>
        values.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Name, v => v.Value);
}

/// <summary><c>/tests/runs/{id}</c>: the tab, the case opened in the side panel, and the filter of the suites tab.</summary>
public sealed record TestRunView
{
    public static readonly IReadOnlyList<string> Tabs = ["failures", "suites", "slowest", "coverage"];

    public required long RunId { get; init; }

    public string Tab { get; init; } = "failures";

    public long? CaseId { get; init; }

    public string Filter { get; init; } = string.Empty;

    public static string PathOf(long runId) => $"{Routes.TestsPage}/runs/{runId.ToString(CultureInfo.InvariantCulture)}";

    public static TestRunView FromUri(long runId, string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var tab = TestsView.Value(query, "tab");
        return new TestRunView
        {
            RunId = runId,
            Tab = tab is not null && Tabs.Contains(tab) ? tab : "failures",
            CaseId = long.TryParse(TestsView.Value(query, "case"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : null,
            Filter = TestsView.Value(query, "filter") ?? string.Empty,
        };
    }

    public string ToUri() => QueryHelpers.AddQueryString(PathOf(RunId), TestsView.Parameters(
        ("tab", Tab == "failures" ? null : Tab), ("case", CaseId?.ToString(CultureInfo.InvariantCulture)), ("filter", Filter.Trim())));
}

/// <summary><c>/tests/cases/{id}</c>: the branch its history is shown for.</summary>
public sealed record TestCaseView
{
    public required long CaseId { get; init; }

    public string? Branch { get; init; }

    public static string PathOf(long caseId) => $"{Routes.TestsPage}/cases/{caseId.ToString(CultureInfo.InvariantCulture)}";

    public static TestCaseView FromUri(long caseId, string uri) =>
        new() { CaseId = caseId, Branch = TestsView.Value(QueryHelpers.ParseQuery(new Uri(uri).Query), "branch") };

    public string ToUri() => QueryHelpers.AddQueryString(PathOf(CaseId), TestsView.Parameters(("branch", Branch)));
}

/// <summary><c>/tests/flaky</c>: the project and branch.</summary>
public sealed record FlakyView
{
    public const string Path = Routes.TestsPage + "/flaky";

    public string? Project { get; init; }

    public string? Branch { get; init; }

    public static FlakyView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        return new FlakyView { Project = TestsView.Value(query, "project"), Branch = TestsView.Value(query, "branch") };
    }

    public string ToUri() => QueryHelpers.AddQueryString(Path, TestsView.Parameters(("project", Project), ("branch", Branch)));
}

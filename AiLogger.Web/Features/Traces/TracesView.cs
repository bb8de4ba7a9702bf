using System.Globalization;
using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Traces;

/// <summary>What <c>/traces</c> shows, as it travels in the URL: the trace query, the time range and the traces ticked to compare.</summary>
public sealed record TracesView
{
    public const string Path = Api.Routes.TracesPage;

    public string Query { get; init; } = string.Empty;

    public TimeRange Time { get; init; } = new();

    /// <summary>Ticked traces (at most two: the pair to compare).</summary>
    public IReadOnlyList<string> Selected { get; init; } = [];

    public static TracesView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var selected = query.TryGetValue("sel", out var sel)
            ? sel.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => TraceIds.Normalize(id, 32)).OfType<string>().Distinct().Take(2).ToList()
            : [];
        return new TracesView { Query = query.TryGetValue("q", out var q) ? q.ToString() : string.Empty, Time = TimeRange.Read(query), Selected = selected };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Query)) parameters["q"] = Query.Trim();
        Time.Write(parameters);
        if (Selected.Count > 0) parameters["sel"] = string.Join(',', Selected);
        return QueryHelpers.AddQueryString(Path, parameters);
    }

    public bool Equals(TracesView? other) =>
        other is not null && Query == other.Query && Time == other.Time && Selected.SequenceEqual(other.Selected);

    public override int GetHashCode() => HashCode.Combine(Query, Time, Selected.Count);
}

/// <summary>What <c>/traces/{id}</c> shows, in its URL: the tab, the span open in the side panel, and the find box.</summary>
public sealed record TraceView
{
    public static readonly IReadOnlyList<string> Tabs = ["waterfall", "spans", "statistics", "logs", "json"];

    public required string TraceId { get; init; }

    public string Tab { get; init; } = "waterfall";

    public string? SpanId { get; init; }

    public string Find { get; init; } = string.Empty;

    /// <summary>Hide the spans the find text does not match (rather than only highlighting the matches).</summary>
    public bool Hide { get; init; }

    public static string PathOf(string traceId) => $"{Api.Routes.TracesPage}/{Uri.EscapeDataString(traceId)}";

    public static TraceView FromUri(string traceId, string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        var tab = Get("tab");
        return new TraceView
        {
            TraceId = traceId,
            Tab = tab is not null && Tabs.Contains(tab) ? tab : "waterfall",
            SpanId = TraceIds.Normalize(Get("span") ?? "", 16),
            Find = Get("find") ?? string.Empty,
            Hide = Get("hide") == "1",
        };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (Tab != "waterfall") parameters["tab"] = Tab;
        if (SpanId is not null) parameters["span"] = SpanId;
        if (!string.IsNullOrWhiteSpace(Find)) parameters["find"] = Find;
        if (Hide) parameters["hide"] = "1";
        return QueryHelpers.AddQueryString(PathOf(TraceId), parameters);
    }
}

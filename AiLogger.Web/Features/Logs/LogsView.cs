using System.Globalization;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Logs;

/// <summary>
/// What the explore page shows, as it travels in the URL (DESIGN §9): the query, the <see cref="TimeRange"/>
/// and the event open in the drawer. The one place these URLs are read and written.
/// </summary>
public sealed record LogsView
{
    public const string Path = "/logs";
    public const string DefaultRange = TimeRange.DefaultRange;

    public string Query { get; init; } = string.Empty;

    /// <summary>A relative range ending now; ignored when <see cref="From"/> is set.</summary>
    public string Range { get; init; } = DefaultRange;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public long? EventId { get; init; }

    public TimeRange Time => new(Range, From, To);

    public bool IsAbsolute => From is not null;

    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) => Time.Window(now);

    public LogsView WithTime(TimeRange time) => this with { Range = time.Range, From = time.From, To = time.To };

    public static LogsView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        var time = TimeRange.Read(query);
        return new LogsView
        {
            Query = query.TryGetValue("q", out var q) ? q.ToString() : string.Empty,
            Range = time.Range,
            From = time.From,
            To = time.To,
            EventId = query.TryGetValue("event", out var e) && long.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null,
        };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Query)) parameters["q"] = Query.Trim();
        Time.Write(parameters);
        if (EventId is { } id) parameters["event"] = id.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}

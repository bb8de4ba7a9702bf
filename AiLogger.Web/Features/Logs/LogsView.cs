using System.Globalization;
using AiLogger.Domain.Common;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.WebUtilities;

namespace AiLogger.Web.Features.Logs;

/// <summary>
/// What the explore page shows, as it travels in the URL (DESIGN §9): the query, a relative range (<c>1h</c>) or an
/// absolute one, and the event open in the drawer. The one place these URLs are read and written.
/// </summary>
public sealed record LogsView
{
    public const string Path = "/logs";
    public const string DefaultRange = "1h";
    public static readonly string[] Ranges = ["15m", "1h", "24h", "7d"];

    public string Query { get; init; } = string.Empty;

    /// <summary>A relative range ending now; ignored when <see cref="From"/> is set.</summary>
    public string Range { get; init; } = DefaultRange;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public long? EventId { get; init; }

    public bool IsAbsolute => From is not null;

    /// <summary>The window to search: the absolute range, or the relative one ending at <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        if (From is { } from) return (from, To ?? now);
        var span = Durations.TryParse(Range, out var d) ? d.Value : TimeSpan.FromHours(1);
        return (now - span, now);
    }

    public static LogsView FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        DateTimeOffset? Time(string name) => DateTimeOffset.TryParse(Get(name), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
        var range = Get("range");
        return new LogsView
        {
            Query = Get("q") ?? string.Empty,
            Range = range is not null && Durations.TryParse(range, out _) ? range : DefaultRange,
            From = Time("from"),
            To = Time("to"),
            EventId = long.TryParse(Get("event"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null,
        };
    }

    public string ToUri()
    {
        var parameters = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Query)) parameters["q"] = Query.Trim();
        if (From is { } from)
        {
            parameters["from"] = LogEventJsonConverter.FormatTimestamp(from);
            if (To is { } to) parameters["to"] = LogEventJsonConverter.FormatTimestamp(to);
        }
        else if (Range != DefaultRange)
        {
            parameters["range"] = Range;
        }
        if (EventId is { } id) parameters["event"] = id.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}

using System.Globalization;
using AiLogger.Domain.Common;
using AiLogger.Web.Api;
using Microsoft.Extensions.Primitives;

namespace AiLogger.Web.Components;

/// <summary>
/// A page's time range as it travels in the URL (DESIGN §9): a relative range ending now (<c>range=1h</c>) or an
/// absolute one (<c>from=…&amp;to=…</c>). Read and written only here, for every page with a range picker.
/// </summary>
public sealed record TimeRange(string Range = TimeRange.DefaultRange, DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public const string DefaultRange = "1h";
    public static readonly string[] Ranges = ["15m", "1h", "24h", "7d"];

    public bool IsAbsolute => From is not null;

    /// <summary>The window to search: the absolute range, or the relative one ending at <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        if (From is { } from) return (from, To ?? now);
        var span = Durations.TryParse(Range, out var d) ? d.Value : TimeSpan.FromHours(1);
        return (now - span, now);
    }

    public static TimeRange Read(IDictionary<string, StringValues> query)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) ? v.ToString() : null;
        DateTimeOffset? Time(string name) => DateTimeOffset.TryParse(Get(name), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
        var range = Get("range");
        return new TimeRange(range is not null && Durations.TryParse(range, out _) ? range : DefaultRange, Time("from"), Time("to"));
    }

    public void Write(IDictionary<string, string?> parameters)
    {
        if (From is { } from)
        {
            parameters["from"] = LogEventJsonConverter.FormatTimestamp(from);
            if (To is { } to) parameters["to"] = LogEventJsonConverter.FormatTimestamp(to);
        }
        else if (Range != DefaultRange)
        {
            parameters["range"] = Range;
        }
    }
}

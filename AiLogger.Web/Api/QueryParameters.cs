using System.Globalization;
using AiLogger.Domain.Common;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Web.Api;

/// <summary>Reading query-string values with errors that name the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>The latest time a duration from now may reach (silences, expiries): far enough for anyone.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(3_660);

    /// <summary>Times are 1970 to 9000: nothing is stored outside, and windows around them stay computable.</summary>
    private static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An ISO 8601 time, or a duration meaning "that long ago" (<c>from=1h</c>). A duration reaching before 1970
    /// (nothing can be stored there) is refused rather than overflowing.
    /// </summary>
    public static bool TryReadTime(string? text, DateTimeOffset now, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (IsDuration(text, out var ago))
        {
            if (ago > now - DateTimeOffset.UnixEpoch) return false;
            time = now - ago;
            return true;
        }
        if (JsonEventFields.TryParseTimestamp(text, out var parsed) && parsed >= DateTimeOffset.UnixEpoch && parsed < Latest)
        {
            time = parsed;
            return true;
        }
        return false;
    }

    /// <summary>An ISO 8601 time, or a duration meaning "that long from now" (<c>until=2h</c>), at most <see cref="MaxAhead"/> ahead.</summary>
    public static bool TryReadFutureTime(string? text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (IsDuration(text, out var ahead))
        {
            if (ahead > MaxAhead) return false;
            time = now + ahead;
            return true;
        }
        if (!JsonEventFields.TryParseTimestamp(text, out time)) return false;
        return time - now <= MaxAhead;
    }

    private static bool IsDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Contains('-') || text.Contains(':') || !Durations.TryParse(text, out var parsed)) return false;
        duration = parsed.Value;
        return true;
    }

    /// <summary>A duration such as <c>30s</c>, <c>5m</c> or <c>1h</c>; null when absent.</summary>
    public static bool TryReadDuration(string? text, out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!IsDuration(text, out var parsed) || parsed <= TimeSpan.Zero) return false;
        duration = parsed;
        return true;
    }

    public static bool TryReadInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    public static bool TryReadLong(string? text, long fallback, long min, long max, out long value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    /// <summary><c>true</c>/<c>false</c> (or <c>1</c>/<c>0</c>), any case; the fallback when absent.</summary>
    public static bool TryReadBool(string? text, bool fallback, out bool value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1": value = true; return true;
            case "false" or "0": value = false; return true;
            default: return false;
        }
    }
}

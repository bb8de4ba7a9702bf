using System.Globalization;
using AiLogger.Domain.Common;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Web.Api;

/// <summary>Reading query-string values with errors that name the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>An ISO 8601 time, or a duration meaning "that long ago" (<c>from=1h</c>).</summary>
    public static bool TryReadTime(string? text, DateTimeOffset now, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (Durations.TryParse(text, out var ago) && !text.Contains('-') && !text.Contains(':'))
        {
            time = now - ago.Value;
            return true;
        }
        if (JsonEventFields.TryParseTimestamp(text, out var parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }

    public static bool TryReadInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}

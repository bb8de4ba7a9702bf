using System.Globalization;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>Timestamps in log files: with an offset, or naive and read in the file's time zone.</summary>
public static class LocalTimestamps
{
    // Python's asctime uses a comma before the milliseconds.
    private static readonly string[] NaiveFormats =
    [
        "yyyy-MM-dd HH:mm:ss,fff", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm:ss,fff", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss",
    ];

    public static bool TryParse(string? text, TimeZoneInfo zone, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (DateTime.TryParseExact(trimmed, NaiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var naive))
            return FromZone(naive, zone, out timestamp);
        if (!DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)) return false;
        if (parsed.Kind == DateTimeKind.Unspecified) return FromZone(parsed, zone, out timestamp);
        return JsonEventFields.TryParseTimestamp(trimmed, out timestamp);
    }

    private static bool FromZone(DateTime naive, TimeZoneInfo zone, out DateTimeOffset timestamp)
    {
        // A time inside a daylight-saving gap does not exist; read it with the offset before the gap.
        var offset = zone.IsInvalidTime(naive) ? zone.GetUtcOffset(naive.AddHours(-1)) : zone.GetUtcOffset(naive);
        timestamp = new DateTimeOffset(DateTime.SpecifyKind(naive, DateTimeKind.Unspecified), offset).ToUniversalTime();
        return true;
    }
}

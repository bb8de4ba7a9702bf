using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiLogger.Domain.Logs;

/// <summary>Keyset position in newest-first order: events strictly older than (timestamp, id).</summary>
public readonly record struct LogCursor(long TimestampTicks, long Id)
{
    public static LogCursor After(LogEvent e) => new(e.Timestamp.UtcTicks, e.Id);

    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{TimestampTicks}-{Id}");

    public static bool TryDecode(string? text, [NotNullWhen(true)] out LogCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return false;
        var dash = text.IndexOf('-', 1);
        if (dash < 0) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            return false;
        cursor = new LogCursor(ticks, id);
        return true;
    }
}

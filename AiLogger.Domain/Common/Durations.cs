using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiLogger.Domain.Common;

/// <summary>Durations as users write them: <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>), or <c>90s</c>, <c>2m</c>, <c>1h</c>, <c>7d</c>, <c>500ms</c>.</summary>
public static class Durations
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out TimeSpan? duration)
    {
        duration = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var unitStart = s.Length;
        while (unitStart > 0 && char.IsLetter(s[unitStart - 1])) unitStart--;
        if (unitStart < s.Length && unitStart > 0
            && double.TryParse(s.AsSpan(0, unitStart), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            // Past TimeSpan's range (about 29,000 years): not a duration, rather than an overflow.
            if (amount * UnitDays(s[unitStart..]) >= TimeSpan.MaxValue.TotalDays) return false;
            TimeSpan? value = s[unitStart..].ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" or "sec" => TimeSpan.FromSeconds(amount),
                "m" or "min" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                "w" => TimeSpan.FromDays(7 * amount),
                _ => null,
            };
            duration = value;
            return value is not null;
        }
        if (s.Contains(':') && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            duration = span;
            return true;
        }
        return false;
    }

    private static double UnitDays(string unit) => unit.ToLowerInvariant() switch
    {
        "ms" => 1 / 86_400_000.0,
        "s" or "sec" => 1 / 86_400.0,
        "m" or "min" => 1 / 1_440.0,
        "h" => 1 / 24.0,
        "d" => 1,
        "w" => 7,
        _ => 0,
    };

    /// <summary>The shortest exact form <see cref="TryParse"/> reads back: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>7d</c>, <c>1500ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ticks = duration.Ticks;
        if (ticks == 0) return "0s";
        if (ticks % TimeSpan.TicksPerDay == 0) return $"{ticks / TimeSpan.TicksPerDay}d";
        if (ticks % TimeSpan.TicksPerHour == 0) return $"{ticks / TimeSpan.TicksPerHour}h";
        if (ticks % TimeSpan.TicksPerMinute == 0) return $"{ticks / TimeSpan.TicksPerMinute}m";
        if (ticks % TimeSpan.TicksPerSecond == 0) return $"{ticks / TimeSpan.TicksPerSecond}s";
        if (ticks % TimeSpan.TicksPerMillisecond == 0) return $"{ticks / TimeSpan.TicksPerMillisecond}ms";
        return duration.ToString("c", CultureInfo.InvariantCulture);
    }
}

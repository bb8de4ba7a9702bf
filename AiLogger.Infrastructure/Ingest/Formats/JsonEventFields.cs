using System.Globalization;
using System.Text.Json;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>Reading the fields every JSON format shares: timestamps, levels, ids, source.</summary>
public static class JsonEventFields
{
    /// <summary>As <see cref="TryReadTimestamp(JsonElement, out DateTimeOffset)"/>, a time without offset read in <paramref name="naiveZone"/>.</summary>
    public static bool TryReadTimestamp(JsonElement value, TimeZoneInfo? naiveZone, out DateTimeOffset timestamp)
    {
        if (naiveZone is null || naiveZone == TimeZoneInfo.Utc || value.ValueKind != JsonValueKind.String)
            return TryReadTimestamp(value, out timestamp);
        return LocalTimestamps.TryParse(value.GetString(), naiveZone, out timestamp);
    }

    /// <summary>ISO 8601 (no offset means UTC), or a Unix time number in seconds, milliseconds or microseconds.</summary>
    public static bool TryReadTimestamp(JsonElement value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                // The common case (Serilog writes UTC "O" format, ending in Z) takes the fast ISO 8601 parser;
                // other forms, including times without an offset (read as UTC), take the general one.
                var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
                if (raw.Length > 2 && raw[^2] == (byte)'Z' && value.TryGetDateTimeOffset(out timestamp)) return true;
                return TryParseTimestamp(value.GetString(), out timestamp);
            case JsonValueKind.Number when value.TryGetDouble(out var number):
                return TryFromUnixTime(number, out timestamp);
            default:
                return false;
        }
    }

    /// <summary>A Unix time in seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude.</summary>
    public static bool TryFromUnixTime(double number, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (!(number > 0) || double.IsInfinity(number)) return false;
        var seconds = number switch
        {
            < 1e11 => number,
            < 1e14 => number / 1e3,
            < 1e17 => number / 1e6,
            _ => number / 1e9,
        };
        if (seconds > 253402300799) return false;
        timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    public static bool TryParseTimestamp(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            return false;
        timestamp = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>A level as a name (fuzzy), a stored number 0–5, or an OTLP severity number.</summary>
    public static bool TryReadLevel(JsonElement value, out LogLevel level)
    {
        level = LogLevel.Information;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return LogLevels.TryParseFuzzy(value.GetString(), out level);
            case JsonValueKind.Number when value.TryGetInt32(out var number):
                if (number is >= 0 and <= 5) { level = (LogLevel)number; return true; }
                if (LogLevels.TryFromOtlpSeverity(number, out var severity)) { level = severity.Value; return true; }
                return false;
            default:
                return false;
        }
    }

    /// <summary>Trace and span ids are compared lower-case; empty means none.</summary>
    public static string? NormalizeId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var trimmed = id.Trim();
        foreach (var c in trimmed)
            if (char.IsUpper(c)) return trimmed.ToLowerInvariant();
        return trimmed;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The first configured source property that holds a string.</summary>
    public static string? FindSource(JsonElement properties, byte[][] names)
    {
        if (properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var name in names)
            if (properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 } source)
                return source;
        return null;
    }

    /// <summary>A JSON parse error without the reader's internal path noise.</summary>
    public static string Explain(JsonException error) =>
        error.Message.Replace(" LineNumber: 0 |", "", StringComparison.Ordinal).TrimEnd('.');
}

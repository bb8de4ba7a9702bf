using System.Globalization;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>The integer keys of the span index: the first 16 hex digits (8 bytes) of a trace or span id.</summary>
internal static class SpanKeys
{
    public static long Of(string hexId) => TryOf(hexId, out var key) ? key : 0;

    public static bool TryOf(string hexId, out long key)
    {
        key = 0;
        if (hexId.Length < 16 || !ulong.TryParse(hexId.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        key = unchecked((long)value);
        return true;
    }

}

using System.Globalization;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>
/// The integer keys of the span index: 8 bytes of a trace or span id. A trace id's first 16 hex digits, unless they
/// are all zero — a 64-bit id padded to 128 bits (Zipkin, Jaeger, B3), whose random half is the last 16 digits.
/// </summary>
internal static class SpanKeys
{
    /// <summary>What stores written before padded ids were keyed by their last half used for them.</summary>
    public const long LegacyPaddedKey = 0;

    public static long Of(string hexId) => TryOf(hexId, out var key) ? key : 0;

    public static bool TryOf(string hexId, out long key)
    {
        key = 0;
        if (!TryParse(hexId, 0, out key)) return false;
        if (key == 0 && hexId.Length >= 32) TryParse(hexId, 16, out key);
        return true;
    }

    /// <summary>A padded trace id written by an older version sits under key 0: reads look under both keys.</summary>
    public static bool IsPadded(string hexId, long key) => key != LegacyPaddedKey && hexId.Length >= 32 && hexId.AsSpan(0, 16).IndexOfAnyExcept('0') < 0;

    private static bool TryParse(string hexId, int start, out long key)
    {
        key = 0;
        if (hexId.Length < start + 16 || !ulong.TryParse(hexId.AsSpan(start, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        key = unchecked((long)value);
        return true;
    }
}

namespace AiLogger.Domain.Traces;

/// <summary>Unix nanoseconds ↔ <see cref="DateTimeOffset"/> (100 ns ticks, so the last two digits are lost one way).</summary>
public static class SpanTime
{
    private const long NanosPerTick = 100;

    /// <summary>The latest instant a <see cref="DateTimeOffset"/> holds, in Unix nanoseconds (under long's range).</summary>
    public static readonly long MaxUnixNano = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) > long.MaxValue / NanosPerTick
        ? long.MaxValue
        : (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosPerTick;

    public static DateTimeOffset FromUnixNano(long nanos) =>
        DateTimeOffset.UnixEpoch.AddTicks(Math.Max(0, nanos) / NanosPerTick);

    public static long ToUnixNano(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosPerTick;
}

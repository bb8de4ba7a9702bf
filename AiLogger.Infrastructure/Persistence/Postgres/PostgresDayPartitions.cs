using System.Globalization;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The day partitions of <c>log_events</c> (bounds in .NET ticks) and <c>spans</c> (bounds in Unix nanoseconds):
/// one table per UTC day, named <c>log_events_yyyyMMdd</c> / <c>spans_yyyyMMdd</c>.
/// </summary>
internal static class PostgresDayPartitions
{
    public const string Events = "log_events";
    public const string Spans = "spans";

    /// <summary>The UTC day (days since 0001-01-01) of an event's timestamp in ticks.</summary>
    public static long DayOfTicks(long ticks) => ticks / TimeSpan.TicksPerDay;

    /// <summary>The UTC day of a span's start in Unix nanoseconds (floored, so a time before 1970 lands in its own day).</summary>
    public static long DayOfUnixNano(long nanos) =>
        (DateTimeOffset.UnixEpoch.UtcTicks + (nanos >= 0 ? nanos / 100 : (nanos - 99) / 100)) / TimeSpan.TicksPerDay;

    public static string Name(string table, long day) =>
        table + "_" + new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Utc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Creates the day's partition unless it exists (another node may have made it).</summary>
    public static string CreateSql(string table, long day)
    {
        var (from, to) = table == Spans
            ? (UnixNanoOfDay(day), UnixNanoOfDay(day + 1))
            : (day * TimeSpan.TicksPerDay, (day + 1) * TimeSpan.TicksPerDay);
        return string.Create(CultureInfo.InvariantCulture,
            $"CREATE TABLE IF NOT EXISTS {Name(table, day)} PARTITION OF {table} FOR VALUES FROM ({from}) TO ({to})");
    }

    private static long UnixNanoOfDay(long day) => (day * TimeSpan.TicksPerDay - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}

using System.Globalization;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The day partitions of <c>log_events</c> (on <c>timestamp</c>) and <c>spans</c> (on <c>start_time</c>), both in
/// ticks: <c>log_events_yyyyMMdd</c> holds [midnight, next midnight). Retention drops them whole.
/// </summary>
internal static class PostgresPartitions
{
    public static readonly IReadOnlyDictionary<string, string> Partitioned = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["log_events"] = "timestamp",
        ["spans"] = "start_time",
    };

    public static long DayOf(long ticks) => ticks - ((ticks % TimeSpan.TicksPerDay) + TimeSpan.TicksPerDay) % TimeSpan.TicksPerDay;

    public static string NameOf(string table, long day) =>
        table + "_" + new DateTime(day, DateTimeKind.Utc).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Creates the missing partitions of <paramref name="table"/> for <paramref name="days"/> (midnights in ticks).</summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, string table, IEnumerable<long> days, CancellationToken cancellationToken)
    {
        foreach (var day in days.Select(DayOf).Distinct())
        {
            await using var command = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {NameOf(table, day)} PARTITION OF {table} FOR VALUES FROM ({day}) TO ({day + TimeSpan.TicksPerDay})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

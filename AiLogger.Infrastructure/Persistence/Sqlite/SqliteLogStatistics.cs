using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>Overview figures from the per-minute rollups: a few hundred rows, whatever the size of the store.</summary>
internal sealed class SqliteLogStatistics(SqliteDatabase database, IngestMeter meter, TimeProvider time) : ILogStatistics
{
    public async Task<LogOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var hourAgo = now.AddHours(-1);
        var firstHour = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(-23);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
              (SELECT COALESCE(SUM(count), 0) FROM log_rollups WHERE minute >= @midnight),
              (SELECT COALESCE(SUM(count), 0) FROM log_rollups WHERE minute >= @hourAgo AND level >= 4),
              (SELECT COALESCE(SUM(count), 0) FROM log_rollups);
            SELECT minute / @hourTicks * @hourTicks AS hour, level, SUM(count)
              FROM log_rollups WHERE minute >= @firstHour GROUP BY hour, level ORDER BY hour;
            """;
        command.Parameters.AddWithValue("@midnight", midnight.UtcTicks);
        command.Parameters.AddWithValue("@hourAgo", hourAgo.UtcTicks - hourAgo.UtcTicks % TimeSpan.TicksPerMinute);
        command.Parameters.AddWithValue("@firstHour", firstHour.UtcTicks);
        command.Parameters.AddWithValue("@hourTicks", TimeSpan.TicksPerHour);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        long today = reader.GetInt64(0), errors = reader.GetInt64(1), total = reader.GetInt64(2);

        var buckets = new Dictionary<long, Dictionary<LogLevel, long>>();
        for (var hour = firstHour; hour <= now; hour = hour.AddHours(1))
            buckets[hour.UtcTicks] = LogLevels.All.ToDictionary(l => l, _ => 0L);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (buckets.TryGetValue(reader.GetInt64(0), out var counts))
                counts[(LogLevel)reader.GetInt32(1)] = reader.GetInt64(2);

        return new LogOverview
        {
            EventsToday = today,
            ErrorsLastHour = errors,
            TotalEvents = total,
            EventsPerSecond = meter.EventsPerSecond(),
            DatabaseBytes = database.SizeOnDisk(),
            LastDay = buckets.OrderBy(b => b.Key)
                .Select(b => new LevelCountBucket(new DateTimeOffset(b.Key, TimeSpan.Zero), b.Value))
                .ToList(),
        };
    }
}

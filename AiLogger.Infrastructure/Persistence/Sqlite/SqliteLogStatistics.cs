using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>Overview figures from the per-minute rollups: a few hundred rows, whatever the size of the store.</summary>
internal sealed class SqliteLogStatistics(SqliteDatabase database, IngestMeter meter, TimeProvider time, IOptions<SearchOptions> options) : ILogStatistics
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

    public async Task<ApiStatistics> GetApiStatisticsAsync(int hours, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, options.Value.QueryTimeout, cancellationToken);
        try
        {
            return await GetApiStatisticsAsync(connection, hours, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private async Task<ApiStatistics> GetApiStatisticsAsync(Microsoft.Data.Sqlite.SqliteConnection connection, int hours, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddHours(-hours).UtcTicks;

        var requests = await ScalarAsync(connection, "SELECT count(*) FROM log_events WHERE event_type = 'request' AND timestamp >= @since", since, cancellationToken);
        // Applications that log only responses count those as their requests.
        var countedType = requests > 0 ? "request" : "response";
        if (requests == 0) requests = await ScalarAsync(connection, "SELECT count(*) FROM log_events WHERE event_type = 'response' AND timestamp >= @since", since, cancellationToken);

        var typed = $"FROM log_events WHERE event_type = '{countedType}' AND timestamp >= @since";
        const string responses = "FROM log_events WHERE event_type = 'response' AND timestamp >= @since";
        const string errors = "FROM log_events WHERE level >= 4 AND timestamp >= @since";
        var durations = new List<double>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT json_extract(properties, '$.duration_ms') AS d {responses} AND json_type(properties, '$.duration_ms') IN ('integer','real') ORDER BY timestamp DESC LIMIT 1000";
            command.Parameters.AddWithValue("@since", since);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) durations.Add(reader.GetDouble(0));
        }
        var average = await connection.CreateCommand().ExecuteScalarWithAsync(
            $"SELECT avg(json_extract(properties, '$.duration_ms')) {responses} AND json_type(properties, '$.duration_ms') IN ('integer','real')", since, cancellationToken);

        return new ApiStatistics
        {
            TotalRequests = requests,
            Endpoints = await CountsAsync(connection, "json_extract(properties, '$.endpoint')", typed, since, cancellationToken),
            Methods = await CountsAsync(connection, "json_extract(properties, '$.method')", typed, since, cancellationToken),
            StatusCodes = await CountsAsync(connection, "json_extract(properties, '$.status_code')", responses, since, cancellationToken),
            AverageResponseTime = average is double avg ? Math.Round(avg, 2) : null,
            ResponseTimes = durations,
            TotalErrors = await ScalarAsync(connection, $"SELECT count(*) {errors}", since, cancellationToken),
            ErrorTypes = await CountsAsync(connection,
                "COALESCE(json_extract(properties, '$.error_type'), CASE WHEN instr(exception, ':') > 1 THEN substr(exception, 1, instr(exception, ':') - 1) END)",
                errors, since, cancellationToken),
            EndpointsWithErrors = await CountsAsync(connection, "json_extract(properties, '$.endpoint')", errors, since, cancellationToken),
            ErrorStatusCodes = await CountsAsync(connection, "json_extract(properties, '$.status_code')", errors, since, cancellationToken),
            TimeframeHours = hours,
        };
    }

    private static async Task<long> ScalarAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string sql, long since, CancellationToken cancellationToken) =>
        await connection.CreateCommand().ExecuteScalarWithAsync(sql, since, cancellationToken) is long n ? n : 0;

    private static async Task<IReadOnlyDictionary<string, long>> CountsAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, string key, string from, long since, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {key} AS k, count(*) AS n {from} AND k IS NOT NULL GROUP BY k ORDER BY n DESC LIMIT 100";
        command.Parameters.AddWithValue("@since", since);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!] = reader.GetInt64(1);
        return counts;
    }
}

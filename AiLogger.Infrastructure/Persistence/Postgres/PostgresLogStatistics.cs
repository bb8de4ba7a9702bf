using System.Globalization;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>Overview figures from the per-minute rollups (as on SQLite), API figures from the events under the query budget.</summary>
internal sealed class PostgresLogStatistics(PostgresDatabase database, IngestMeter meter, TimeProvider time, IOptions<SearchOptions> options) : ILogStatistics
{
    public async Task<LogOverview> GetOverviewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var hourAgo = now.AddHours(-1);
        var firstHour = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero).AddHours(-23);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT
              (SELECT CAST(COALESCE(SUM(count), 0) AS bigint) FROM log_rollups WHERE minute >= @midnight),
              (SELECT CAST(COALESCE(SUM(count), 0) AS bigint) FROM log_rollups WHERE minute >= @hourAgo AND level >= 4),
              (SELECT CAST(COALESCE(SUM(count), 0) AS bigint) FROM log_rollups);
            SELECT minute / @hourTicks * @hourTicks AS hour, level, CAST(SUM(count) AS bigint)
              FROM log_rollups WHERE minute >= @firstHour GROUP BY hour, level ORDER BY hour;
            """, connection);
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
        var budget = await PostgresQueryBudget.StartAsync(connection, options.Value.QueryTimeout, cancellationToken);
        try
        {
            return await GetApiStatisticsAsync(connection, hours, cancellationToken);
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private const string Duration = "(CASE WHEN json_typeof(properties -> 'duration_ms') = 'number' THEN CAST(properties ->> 'duration_ms' AS double precision) END)";

    /// <summary>A property as text, as SQLite's json_extract shows it (objects and arrays as their JSON).</summary>
    private static string Property(string name) => $"(CASE WHEN json_typeof(properties) = 'object' THEN properties ->> '{name}' END)";

    private async Task<ApiStatistics> GetApiStatisticsAsync(NpgsqlConnection connection, int hours, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddHours(-hours).UtcTicks;

        var requests = await CountAsync(connection, "SELECT count(*) FROM log_events WHERE event_type = 'request' AND timestamp >= @since", since, cancellationToken);
        // Applications that log only responses count those as their requests.
        var countedType = requests > 0 ? "request" : "response";
        if (requests == 0) requests = await CountAsync(connection, "SELECT count(*) FROM log_events WHERE event_type = 'response' AND timestamp >= @since", since, cancellationToken);

        var typed = $"FROM log_events WHERE event_type = '{countedType}' AND timestamp >= @since";
        const string responses = "FROM log_events WHERE event_type = 'response' AND timestamp >= @since";
        const string errors = "FROM log_events WHERE level >= 4 AND timestamp >= @since";
        var durations = new List<double>();
        await using (var command = new NpgsqlCommand($"SELECT d FROM (SELECT {Duration} AS d, timestamp {responses}) AS r WHERE d IS NOT NULL ORDER BY timestamp DESC LIMIT 1000", connection))
        {
            command.Parameters.AddWithValue("@since", since);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) durations.Add(reader.GetDouble(0));
        }
        var average = await connection.ScalarAsync($"SELECT avg({Duration}) {responses}", cancellationToken, ("@since", since));

        return new ApiStatistics
        {
            TotalRequests = requests,
            Endpoints = await CountsAsync(connection, Property("endpoint"), typed, since, cancellationToken),
            Methods = await CountsAsync(connection, Property("method"), typed, since, cancellationToken),
            StatusCodes = await CountsAsync(connection, Property("status_code"), responses, since, cancellationToken),
            AverageResponseTime = average is double avg ? Math.Round(avg, 2) : null,
            ResponseTimes = durations,
            TotalErrors = await CountAsync(connection, $"SELECT count(*) {errors}", since, cancellationToken),
            ErrorTypes = await CountsAsync(connection,
                $"COALESCE({Property("error_type")}, CASE WHEN strpos(exception, ':') > 1 THEN substr(exception, 1, strpos(exception, ':') - 1) END)",
                errors, since, cancellationToken),
            EndpointsWithErrors = await CountsAsync(connection, Property("endpoint"), errors, since, cancellationToken),
            ErrorStatusCodes = await CountsAsync(connection, Property("status_code"), errors, since, cancellationToken),
            TimeframeHours = hours,
        };
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, long since, CancellationToken cancellationToken) =>
        await connection.ScalarAsync(sql, cancellationToken, ("@since", since)) is long n ? n : 0;

    private static async Task<IReadOnlyDictionary<string, long>> CountsAsync(NpgsqlConnection connection, string key, string from, long since, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT k, count(*) AS n FROM (SELECT {key} AS k {from}) AS v WHERE k IS NOT NULL GROUP BY k ORDER BY n DESC LIMIT 100", connection);
        command.Parameters.AddWithValue("@since", since);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!] = reader.GetInt64(1);
        return counts;
    }
}

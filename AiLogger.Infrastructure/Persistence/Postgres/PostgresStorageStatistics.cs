using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The Storage page's figures. PostgreSQL measures each table (with its indexes and TOAST, a partitioned table as the
/// sum of its partitions), so bytes per kind are read, not estimated; what no kind holds is "other".
/// </summary>
internal sealed class PostgresStorageStatistics(PostgresDatabase database, IOptions<SearchOptions> options, TimeProvider time) : IStorageStatistics
{
    /// <summary>The tables of each kind: events with their rollups, id blocks and templates; spans with their traces and resources.</summary>
    private static readonly (string Kind, string[] Tables)[] KindTables =
    [
        (StorageKinds.Events, ["log_events", "log_rollups", "log_rollups_hourly", "log_blocks", "message_templates"]),
        (StorageKinds.Predictions, ["model_predictions"]),
        (StorageKinds.Alerts, ["alerts", "alert_deliveries"]),
        (StorageKinds.Spans, ["spans", "traces", "span_resources"]),
    ];

    public async Task<StorageReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var budget = await PostgresQueryBudget.StartAsync(connection, options.Value.QueryTimeout, cancellationToken);
        try
        {
            var used = await LongAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken) ?? 0;
            var bytes = await TableBytesAsync(connection, cancellationToken);
            var events = await LongAsync(connection, "SELECT CAST(COALESCE(sum(count), 0) AS bigint) FROM log_rollups", cancellationToken) ?? 0;
            var oldestEvent = await LongAsync(connection, "SELECT min(timestamp) FROM log_events", cancellationToken);
            var predictions = await LongAsync(connection, "SELECT count(*) FROM model_predictions", cancellationToken) ?? 0;
            var oldestPrediction = await LongAsync(connection, "SELECT min(timestamp) FROM model_predictions", cancellationToken);
            var alerts = await LongAsync(connection, "SELECT count(*) FROM alerts", cancellationToken) ?? 0;
            var oldestAlert = await LongAsync(connection, "SELECT min(started_at) FROM alerts", cancellationToken);
            var spans = await LongAsync(connection, "SELECT count(*) FROM spans", cancellationToken) ?? 0;
            var oldestSpan = await LongAsync(connection, "SELECT min(start_time) FROM spans", cancellationToken);
            var since = now.AddDays(-7);
            var lastWeek = await LongAsync(connection,
                $"SELECT CAST(COALESCE(sum(count), 0) AS bigint) FROM log_rollups WHERE minute >= {since.UtcTicks}", cancellationToken) ?? 0;

            long Bytes(string kind) => KindTables.First(k => k.Kind == kind).Tables.Sum(t => bytes.GetValueOrDefault(t));
            var kinds = new List<StorageKind>
            {
                new(StorageKinds.Events, events, Time(oldestEvent), Bytes(StorageKinds.Events)),
                new(StorageKinds.Predictions, predictions, Time(oldestPrediction), Bytes(StorageKinds.Predictions)),
                new(StorageKinds.Alerts, alerts, Time(oldestAlert), Bytes(StorageKinds.Alerts)),
                // Spans keep Unix nanoseconds; the page shows ticks.
                new(StorageKinds.Spans, spans, oldestSpan is { } ns ? Domain.Traces.SpanTime.FromUnixNano(ns) : null, Bytes(StorageKinds.Spans)),
            };
            kinds.Add(new StorageKind(StorageKinds.Other, 0, null, Math.Max(0, used - kinds.Sum(k => k.EstimatedBytes))));

            // The rate over the last 7 days, or over the store's life when it is younger.
            var days = oldestEvent is { } first ? Math.Clamp((now.UtcTicks - Math.Max(first, since.UtcTicks)) / (double)TimeSpan.TicksPerDay, 1 / 24.0, 7) : 7;
            var perDay = lastWeek / days;
            var perEvent = events > 0 ? kinds[0].EstimatedBytes / (double)events : 0;
            return new StorageReport
            {
                FileBytes = database.SizeOnDisk(),
                UsedBytes = used,
                // The server's disk is not ours to see.
                DiskFreeBytes = null,
                Kinds = kinds,
                EventsPerDay = perDay,
                BytesPerDay = perDay * perEvent,
                MeasuredAt = now,
            };
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    public async Task<RetentionPreview> PreviewAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        var budget = await PostgresQueryBudget.StartAsync(connection, options.Value.QueryTimeout, cancellationToken);
        try
        {
            var lines = new List<RetentionPreviewLine>();
            for (var rule = 0; rule <= policy.Rules.Count; rule++)
            {
                var index = rule == policy.Rules.Count ? IRetentionStore.DefaultRule : rule;
                var days = index == IRetentionStore.DefaultRule ? policy.EventDays : policy.Rules[index].Days;
                var what = index == IRetentionStore.DefaultRule ? (policy.Rules.Count == 0 ? "events" : "other events") : $"events: {policy.Rules[index].Describe()}";
                long deleted = 0;
                if (days > 0)
                {
                    var query = new SqlQuery();
                    var scope = RetentionScope.Condition(PostgresSqlDialect.Instance, policy, index, "source", "level", query);
                    await using var count = connection.CreateCommand(
                        $"SELECT count(*) FROM log_events WHERE timestamp < {query.Add(now.AddDays(-days).UtcTicks)} AND {scope}", query);
                    deleted = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                }
                lines.Add(new RetentionPreviewLine(what, days, deleted));
            }
            var predictions = policy.PredictionDays > 0
                ? await LongAsync(connection, $"SELECT count(*) FROM model_predictions WHERE timestamp < {now.AddDays(-policy.PredictionDays).UtcTicks}", cancellationToken) ?? 0
                : 0;
            var alerts = await LongAsync(connection,
                $"SELECT count(*) FROM alerts WHERE state = '{AlertMapping.Resolved}' AND resolved_at < {now.AddDays(-policy.AlertDays).UtcTicks}", cancellationToken) ?? 0;
            var spans = policy.EventDays > 0
                ? await LongAsync(connection, $"SELECT count(*) FROM spans WHERE start_time < {Domain.Traces.SpanTime.ToUnixNano(now.AddDays(-policy.EventDays))}", cancellationToken) ?? 0
                : 0;
            lines.Add(new RetentionPreviewLine("spans", policy.EventDays, spans));
            lines.Add(new RetentionPreviewLine("model predictions", policy.PredictionDays, predictions));
            lines.Add(new RetentionPreviewLine("resolved alerts", policy.AlertDays, alerts));
            return new RetentionPreview(lines, lines.Take(policy.Rules.Count + 1).Sum(l => l.Deleted), predictions, alerts) { Spans = spans };
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    /// <summary>Bytes of each table with its indexes and TOAST; a partitioned table's are its partitions'.</summary>
    private static async Task<Dictionary<string, long>> TableBytesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, CAST(COALESCE(sum(pg_total_relation_size(COALESCE(i.inhrelid, c.oid))), 0) AS bigint)
            FROM pg_class AS c
            LEFT JOIN pg_inherits AS i ON i.inhparent = c.oid AND c.relkind = 'p'
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname = ANY(@tables)
            GROUP BY c.relname
            """, connection);
        command.Parameters.AddWithValue("@tables", KindTables.SelectMany(k => k.Tables).ToArray());
        var bytes = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) bytes[reader.GetString(0)] = reader.GetInt64(1);
        return bytes;
    }

    private static DateTimeOffset? Time(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    private static async Task<long?> LongAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        await connection.ScalarAsync(sql, cancellationToken) switch
        {
            long n => n,
            int n => n,
            double d => (long)d,
            decimal m => (long)m,
            _ => null,
        };
}

using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The Storage page's figures. SQLite here has no DBSTAT table, so bytes per kind are estimated: the average size of
/// a sample of recent rows times their number (events weigh double for their indexes and keyword index), scaled so
/// that the kinds add up to the bytes in use.
/// </summary>
internal sealed class SqliteStorageStatistics(SqliteDatabase database, IOptions<SearchOptions> options, TimeProvider time) : IStorageStatistics
{
    private const int Sample = 2_000;

    public async Task<StorageReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, options.Value.QueryTimeout, cancellationToken);
        try
        {
            var used = await SqliteRetention.UsedBytesAsync(connection, cancellationToken);
            var events = await ScalarAsync(connection, "SELECT COALESCE(sum(count), 0) FROM log_rollups", cancellationToken);
            var oldestEvent = await ScalarAsync(connection, "SELECT min(timestamp) FROM log_events", cancellationToken);
            var eventBytes = await ScalarAsync(connection,
                $"SELECT COALESCE(avg(length(message) + COALESCE(length(exception), 0) + COALESCE(length(properties), 0) + COALESCE(length(tags), 0) + COALESCE(length(source), 0) + 48), 0) FROM (SELECT * FROM log_events ORDER BY id DESC LIMIT {Sample})",
                cancellationToken);
            var predictions = await ScalarAsync(connection, "SELECT count(*) FROM model_predictions", cancellationToken);
            var oldestPrediction = await ScalarAsync(connection, "SELECT min(timestamp) FROM model_predictions", cancellationToken);
            var predictionBytes = await ScalarAsync(connection,
                $"SELECT COALESCE(avg(length(item_id) + length(predicted) + COALESCE(length(features), 0) + COALESCE(length(probabilities), 0) + COALESCE(length(actual), 0) + 64), 0) FROM (SELECT * FROM model_predictions ORDER BY id DESC LIMIT {Sample})",
                cancellationToken);
            var alerts = await ScalarAsync(connection, "SELECT count(*) FROM alerts", cancellationToken);
            var oldestAlert = await ScalarAsync(connection, "SELECT min(started_at) FROM alerts", cancellationToken);
            var alertBytes = await ScalarAsync(connection,
                $"SELECT COALESCE(avg(length(rule_name) + COALESCE(length(condition), 0) + COALESCE(length(samples), 0) + 96), 0) FROM (SELECT * FROM alerts ORDER BY id DESC LIMIT {Sample})",
                cancellationToken);
            var spans = await ScalarAsync(connection, "SELECT count(*) FROM spans", cancellationToken);
            var oldestSpan = await ScalarAsync(connection, "SELECT min(start_time) FROM spans", cancellationToken);
            var spanBytes = await ScalarAsync(connection,
                $"SELECT COALESCE(avg(length(name) + COALESCE(length(attributes), 0) + COALESCE(length(events), 0) + COALESCE(length(links), 0) + COALESCE(length(service), 0) + 120), 0) FROM (SELECT * FROM spans ORDER BY id DESC LIMIT {Sample})",
                cancellationToken);
            var since = now.AddDays(-7);
            var lastWeek = await ScalarAsync(connection, $"SELECT COALESCE(sum(count), 0) FROM log_rollups WHERE minute >= {since.UtcTicks}", cancellationToken);

            // Raw weights, then scaled to the bytes in use; what the sample does not explain is "other".
            var weights = new (string Kind, long Items, long? Oldest, double Bytes)[]
            {
                (StorageKinds.Events, events ?? 0, oldestEvent, (events ?? 0) * (double)(eventBytes ?? 0) * 2),
                (StorageKinds.Predictions, predictions ?? 0, oldestPrediction, (predictions ?? 0) * (double)(predictionBytes ?? 0) * 1.5),
                (StorageKinds.Alerts, alerts ?? 0, oldestAlert, (alerts ?? 0) * (double)(alertBytes ?? 0) * 1.5),
                // Spans keep Unix nanoseconds; the page shows ticks. Their four indexes and the trace summaries weigh about as much again.
                (StorageKinds.Spans, spans ?? 0, oldestSpan is { } ns ? Domain.Traces.SpanTime.FromUnixNano(ns).UtcTicks : null, (spans ?? 0) * (double)(spanBytes ?? 0) * 2),
            };
            var explained = weights.Sum(w => w.Bytes);
            var scale = explained > used && explained > 0 ? used / explained : 1;
            var kinds = weights.Select(w => new StorageKind(w.Kind, w.Items, w.Oldest is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null, (long)(w.Bytes * scale)))
                .ToList();
            kinds.Add(new StorageKind(StorageKinds.Other, 0, null, Math.Max(0, used - kinds.Sum(k => k.EstimatedBytes))));

            // The rate over the last 7 days, or over the store's life when it is younger.
            var days = oldestEvent is { } first ? Math.Clamp((now.UtcTicks - Math.Max(first, since.UtcTicks)) / (double)TimeSpan.TicksPerDay, 1 / 24.0, 7) : 7;
            var perDay = (lastWeek ?? 0) / days;
            var perEvent = events > 0 ? kinds[0].EstimatedBytes / (double)events : 0;
            return new StorageReport
            {
                FileBytes = database.SizeOnDisk(),
                UsedBytes = used,
                DiskFreeBytes = DiskFree(),
                Kinds = kinds,
                EventsPerDay = perDay,
                BytesPerDay = perDay * perEvent,
                MeasuredAt = now,
            };
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    public async Task<RetentionPreview> PreviewAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, options.Value.QueryTimeout, cancellationToken);
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
                    var scope = RetentionScope.Condition(SqliteSqlDialect.Instance, policy, index, "source", "level", query);
                    await using var count = connection.CreateCommand(
                        $"SELECT count(*) FROM log_events WHERE timestamp < {query.Add(now.AddDays(-days).UtcTicks)} AND {scope}", query);
                    deleted = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
                }
                lines.Add(new RetentionPreviewLine(what, days, deleted));
            }
            var predictions = policy.PredictionDays > 0
                ? await ScalarAsync(connection, $"SELECT count(*) FROM model_predictions WHERE timestamp < {now.AddDays(-policy.PredictionDays).UtcTicks}", cancellationToken) ?? 0
                : 0;
            var alerts = await ScalarAsync(connection,
                $"SELECT count(*) FROM alerts WHERE state = '{AlertMapping.Resolved}' AND resolved_at < {now.AddDays(-policy.AlertDays).UtcTicks}", cancellationToken) ?? 0;
            var spans = policy.EventDays > 0
                ? await ScalarAsync(connection, $"SELECT count(*) FROM spans WHERE start_time < {Domain.Traces.SpanTime.ToUnixNano(now.AddDays(-policy.EventDays))}", cancellationToken) ?? 0
                : 0;
            lines.Add(new RetentionPreviewLine("spans", policy.EventDays, spans));
            lines.Add(new RetentionPreviewLine("model predictions", policy.PredictionDays, predictions));
            lines.Add(new RetentionPreviewLine("resolved alerts", policy.AlertDays, alerts));
            return new RetentionPreview(lines, lines.Take(policy.Rules.Count + 1).Sum(l => l.Deleted), predictions, alerts) { Spans = spans };
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private long? DiskFree()
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(database.FilePath)!).AvailableFreeSpace;
        }
        catch (Exception error) when (error is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<long?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            long n => n,
            double d => (long)d,
            _ => null,
        };
    }
}

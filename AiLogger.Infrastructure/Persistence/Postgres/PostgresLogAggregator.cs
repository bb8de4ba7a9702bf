using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Totals, histograms, groups and top values. Queries that only filter on level and source, grouped by level,
/// source or time, are answered from the per-minute rollups (the partial minutes at the edges of the range
/// from the events); everything else counts the matching events. The same plan as SQLite's aggregator; keyword counts
/// need no id blocks here (the planner combines the time range with the keyword index).
/// </summary>
internal sealed class PostgresLogAggregator(
    PostgresDatabase database,
    LogQuerySqlTranslator translator,
    RollupQueryTranslator rollups,
    ISqlDialect dialect,
    TimeProvider time,
    IOptions<SearchOptions> options) : ILogAggregator
{
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    private enum Key { Bucket, Level, Source, EventType, Tag, Property }

    private sealed record Grouping(Key Kind, string? Property = null);

    public async Task<LogAggregate> AggregateAsync(LogAggregateRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var from = request.From;
        var to = request.To;
        if (request.Interval is not null)
        {
            to ??= now;
            from ??= to.Value.AddHours(-24);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var budget = await PostgresQueryBudget.StartAsync(connection, _budget, cancellationToken);
        try
        {
            return await AggregateAsync(connection, request, from, to, cancellationToken);
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private async Task<LogAggregate> AggregateAsync(
        NpgsqlConnection connection, LogAggregateRequest request, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        long total;
        IReadOnlyList<ValueCount> groups = [];
        if (request.GroupBy is { Length: > 0 } groupBy)
        {
            var (values, sum) = await ValuesAndSumAsync(connection, request, from, to, groupBy, limit: 100, cancellationToken);
            groups = values;
            // Every event has exactly one value of any field but tags (null included), so the groups add up to the total.
            total = ToGrouping(groupBy).Kind == Key.Tag
                ? (await CountAsync(connection, request.Query, from, to, [], null, cancellationToken)).Sum(r => r.Count)
                : sum;
        }
        else
        {
            total = (await CountAsync(connection, request.Query, from, to, [], null, cancellationToken)).Sum(r => r.Count);
        }

        IReadOnlyList<LevelCountBucket> histogram = [];
        if (request.Interval is { } interval)
            histogram = await HistogramAsync(connection, request.Query, from!.Value, to!.Value, interval, cancellationToken);

        var top = new Dictionary<string, IReadOnlyList<ValueCount>>();
        foreach (var field in request.Top.Distinct(StringComparer.OrdinalIgnoreCase))
            top[field] = await ValuesAsync(connection, request, from, to, field, request.TopCount, cancellationToken);

        return new LogAggregate { Total = total, Groups = groups, Histogram = histogram, Top = top };
    }

    private async Task<IReadOnlyList<ValueCount>> ValuesAsync(
        NpgsqlConnection connection, LogAggregateRequest request, DateTimeOffset? from, DateTimeOffset? to, string field, int limit, CancellationToken cancellationToken) =>
        (await ValuesAndSumAsync(connection, request, from, to, field, limit, cancellationToken)).Values;

    /// <summary>The most frequent values of <paramref name="field"/>, and the sum of the counts of all its values.</summary>
    private async Task<(IReadOnlyList<ValueCount> Values, long Sum)> ValuesAndSumAsync(
        NpgsqlConnection connection, LogAggregateRequest request, DateTimeOffset? from, DateTimeOffset? to, string field, int limit, CancellationToken cancellationToken)
    {
        var grouping = ToGrouping(field);
        var rows = await CountAsync(connection, request.Query, from, to, [grouping], null, cancellationToken);
        var values = rows
            .GroupBy(r => FormatKey(grouping, r.Keys[0]))
            .Select(g => new ValueCount(g.Key, g.Sum(r => r.Count)))
            .OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return (values, rows.Sum(r => r.Count));
    }

    private async Task<IReadOnlyList<LevelCountBucket>> HistogramAsync(
        NpgsqlConnection connection, LogQuery query, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        var width = Math.Max(interval.Ticks, TimeSpan.TicksPerSecond);
        if ((to.UtcTicks - from.UtcTicks) / width > LogAggregateRequest.MaxBuckets)
            width = (to.UtcTicks - from.UtcTicks) / LogAggregateRequest.MaxBuckets + 1;
        // Buckets start at multiples of the width (whole hours, days…), the first one at or before 'from'.
        var origin = from.UtcTicks - from.UtcTicks % width;
        var rows = await CountAsync(connection, query, from, to, [new Grouping(Key.Bucket), new Grouping(Key.Level)], (origin, width), cancellationToken);

        var buckets = new SortedDictionary<long, Dictionary<LogLevel, long>>();
        for (var start = origin; start < to.UtcTicks; start += width)
            buckets[start] = LogLevels.All.ToDictionary(l => l, _ => 0L);
        foreach (var row in rows)
        {
            var start = origin + (long)row.Keys[0]! * width;
            if (buckets.TryGetValue(start, out var levels)) levels[(LogLevel)(long)row.Keys[1]!] += row.Count;
        }
        return buckets.Select(b => new LevelCountBucket(new DateTimeOffset(b.Key, TimeSpan.Zero), b.Value)).ToList();
    }

    /// <summary>The rollup tables, coarsest first: each answers the whole units inside a range.</summary>
    private static readonly (string Table, string Column, long Unit)[] Tiers =
    [
        ("log_rollups_hourly", "hour", TimeSpan.TicksPerHour),
        ("log_rollups", "minute", TimeSpan.TicksPerMinute),
    ];

    /// <summary>
    /// Counts grouped by <paramref name="keys"/>: whole hours from the hourly rollups, the minutes around them from the
    /// minute rollups, the seconds at the very edges from the events; all from the events when the rollups cannot answer.
    /// </summary>
    private async Task<List<(object?[] Keys, long Count)>> CountAsync(
        NpgsqlConnection connection, LogQuery query, DateTimeOffset? from, DateTimeOffset? to, Grouping[] keys,
        (long Origin, long Width)? buckets, CancellationToken cancellationToken)
    {
        var rollupsAnswer = keys.All(k => k.Kind is Key.Bucket or Key.Level or Key.Source)
                            && rollups.Translate(query.Root, new SqlQuery()) is not null;
        var rows = new List<(object?[] Keys, long Count)>();
        await CountRangeAsync(rows, connection, query, from?.UtcTicks, to?.UtcTicks, keys, buckets, rollupsAnswer ? 0 : Tiers.Length, cancellationToken);
        return rows;
    }

    private async Task CountRangeAsync(
        List<(object?[] Keys, long Count)> rows, NpgsqlConnection connection, LogQuery query, long? from, long? to, Grouping[] keys,
        (long Origin, long Width)? buckets, int tier, CancellationToken cancellationToken)
    {
        if (from >= to) return;
        if (tier >= Tiers.Length)
        {
            rows.AddRange(await EventCountsAsync(connection, query, from, to, keys, buckets, cancellationToken));
            return;
        }
        var (table, column, unit) = Tiers[tier];
        long? start = from is { } f ? (f % unit == 0 ? f : f - f % unit + unit) : null;
        long? end = to is { } t ? t - t % unit : null;
        // A tier serves only whole units inside the range, and only if they do not straddle histogram buckets.
        var straddles = buckets is { } b && (b.Width % unit != 0 || b.Origin % unit != 0);
        if (straddles || (start is not null && end is not null && start >= end))
        {
            await CountRangeAsync(rows, connection, query, from, to, keys, buckets, tier + 1, cancellationToken);
            return;
        }
        rows.AddRange(await RollupCountsAsync(connection, table, column, query, start, end, keys, buckets, cancellationToken));
        if (from is not null) await CountRangeAsync(rows, connection, query, from, start, keys, buckets, tier + 1, cancellationToken);
        if (to is not null) await CountRangeAsync(rows, connection, query, end, to, keys, buckets, tier + 1, cancellationToken);
    }

    private async Task<List<(object?[] Keys, long Count)>> RollupCountsAsync(
        NpgsqlConnection connection, string table, string column, LogQuery query, long? from, long? to, Grouping[] keys,
        (long Origin, long Width)? buckets, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery();
        var where = new List<string> { rollups.Translate(query.Root, sql)! };
        if (from is not null) where.Add($"r.{column} >= {sql.Add(from.Value)}");
        if (to is not null) where.Add($"r.{column} < {sql.Add(to.Value)}");
        var keyColumns = keys.Select(k => k.Kind switch
        {
            Key.Bucket => $"(r.{column} - {sql.Add(buckets!.Value.Origin)}) / {sql.Add(buckets.Value.Width)}",
            Key.Level => "CAST(r.level AS bigint)",
            _ => "NULLIF(r.source, '')",
        }).ToList();
        return await ReadAsync(connection, "CAST(SUM(r.count) AS bigint)", $"{table} AS r", keyColumns, where, sql, cancellationToken);
    }

    private async Task<List<(object?[] Keys, long Count)>> EventCountsAsync(
        NpgsqlConnection connection, LogQuery query, long? from, long? to, Grouping[] keys, (long Origin, long Width)? buckets, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery();
        var where = new List<string>();
        if (query.Root is { } root) where.Add(translator.Translate(root, sql));
        if (from is not null) where.Add($"e.timestamp >= {sql.Add(from.Value)}");
        if (to is not null) where.Add($"e.timestamp < {sql.Add(to.Value)}");
        var table = "log_events AS e";
        var keyColumns = new List<string>();
        foreach (var key in keys)
        {
            switch (key.Kind)
            {
                case Key.Bucket:
                    keyColumns.Add($"(e.timestamp - {sql.Add(buckets!.Value.Origin)}) / {sql.Add(buckets.Value.Width)}");
                    break;
                case Key.Level:
                    keyColumns.Add("CAST(e.level AS bigint)");
                    break;
                case Key.Source:
                    keyColumns.Add("e.source");
                    break;
                case Key.EventType:
                    keyColumns.Add("e.event_type");
                    break;
                case Key.Tag:
                    table += " CROSS JOIN LATERAL json_array_elements_text(CASE WHEN json_typeof(e.tags) = 'array' THEN e.tags END) AS tg(value)";
                    keyColumns.Add("tg.value");
                    break;
                case Key.Property:
                    keyColumns.Add(dialect.JsonValue(LogQuerySqlTranslator.Alias, sql.Add(dialect.JsonPath(key.Property!))));
                    break;
            }
        }
        return await ReadAsync(connection, "count(*)", table, keyColumns, where, sql, cancellationToken);
    }

    private static async Task<List<(object?[] Keys, long Count)>> ReadAsync(
        NpgsqlConnection connection, string aggregate, string table, List<string> keyColumns, List<string> where, SqlQuery sql, CancellationToken cancellationToken)
    {
        var select = string.Join(", ", keyColumns.Select((c, i) => $"{c} AS k{i}").Append($"{aggregate} AS n"));
        var text = $"SELECT {select} FROM {table}" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                   + (keyColumns.Count > 0 ? " GROUP BY " + string.Join(", ", keyColumns.Select((_, i) => $"k{i}")) : "");
        await using var command = connection.CreateCommand(text, sql);
        var rows = new List<(object?[] Keys, long Count)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var keys = new object?[keyColumns.Count];
            for (var i = 0; i < keys.Length; i++) keys[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            var count = reader.IsDBNull(keys.Length) ? 0 : reader.GetInt64(keys.Length);
            if (count > 0) rows.Add((keys, count));
        }
        return rows;
    }

    private static Grouping ToGrouping(string field) => field.ToLowerInvariant() switch
    {
        "level" => new Grouping(Key.Level),
        "source" => new Grouping(Key.Source),
        "type" or "eventtype" => new Grouping(Key.EventType),
        "tag" or "tags" => new Grouping(Key.Tag),
        _ => new Grouping(Key.Property, field),
    };

    private static string? FormatKey(Grouping grouping, object? key) => grouping.Kind switch
    {
        Key.Level => key is long level ? ((LogLevel)level).Name() : null,
        _ => key switch
        {
            null => null,
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => key.ToString(),
        },
    };
}

using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Tests.Support;

/// <summary>
/// A fresh, migrated PostgreSQL database with the app's stores as its composition root registers them (the host is
/// built, not started: no writer runs). <see cref="InsertAsync"/> stores events the way the PostgreSQL writer does:
/// a partition per UTC day, the keyword document, per-minute and per-hour rollups, id blocks and templates.
/// </summary>
public sealed class PostgresTestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private long _lastId;

    private PostgresTestStore(string connectionString, IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        ConnectionString = connectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AiLogger"] = connectionString,
            ["AiLogger:Storage:Provider"] = "Postgres",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddAiLoggerInfrastructure(configuration);
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
    }

    public string ConnectionString { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<PostgresTestStore> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ScaleOut.RequirePostgres();
        var database = TestStorage.CreatePostgresDatabase();
        await using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(database).Options))
            await db.Database.MigrateAsync();
        return new PostgresTestStore(database, settings, services);
    }

    /// <summary>Copies the rows of a SQLite store (written by the SQLite stack) into this database.</summary>
    public Task CopyFromSqliteAsync(string sqlitePath) => PostgresRowCopy.CopyAsync(sqlitePath, ConnectionString);

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    /// <summary>Stores the events in one transaction with ids in list order after the last one; returns them with their ids.</summary>
    public async Task<IReadOnlyList<LogEvent>> InsertAsync(IEnumerable<LogEvent> events)
    {
        var stored = events.Select(e => e with { Id = ++_lastId }).ToList();
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        async Task Execute(string sql, params (string Name, object? Value)[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            await command.ExecuteNonQueryAsync();
        }

        foreach (var day in stored.Select(e => e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerDay).Distinct())
            await Execute($"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF log_events FOR VALUES FROM ({day}) TO ({day + TimeSpan.TicksPerDay})");

        var templates = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var template in stored.Select(e => e.MessageTemplate).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO message_templates (text) VALUES (@t) ON CONFLICT (text) DO UPDATE SET text = excluded.text RETURNING id", connection, transaction);
            command.Parameters.AddWithValue("@t", template);
            templates[template] = (long)(await command.ExecuteScalarAsync())!;
        }

        foreach (var e in stored)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO log_events (id, timestamp, level, message, template_id, source, exception, trace_id, span_id, parent_span_id, event_type, properties, tags, search)
                VALUES (@id, @ts, @level, @message, @template, @source, @exception, @trace, @span, @parent, @type, CAST(@properties AS json), CAST(@tags AS json), CAST(@search AS tsvector))
                """, connection, transaction);
            command.Parameters.AddWithValue("@id", e.Id);
            command.Parameters.AddWithValue("@ts", e.Timestamp.UtcTicks);
            command.Parameters.AddWithValue("@level", (int)e.Level);
            command.Parameters.AddWithValue("@message", e.Message);
            command.Parameters.AddWithValue("@template", e.MessageTemplate is { } t ? templates[t] : DBNull.Value);
            command.Parameters.AddWithValue("@source", (object?)e.Source ?? DBNull.Value);
            command.Parameters.AddWithValue("@exception", (object?)e.Exception ?? DBNull.Value);
            command.Parameters.AddWithValue("@trace", (object?)e.TraceId ?? DBNull.Value);
            command.Parameters.AddWithValue("@span", (object?)e.SpanId ?? DBNull.Value);
            command.Parameters.AddWithValue("@parent", (object?)e.ParentSpanId ?? DBNull.Value);
            command.Parameters.AddWithValue("@type", (object?)e.EventType ?? DBNull.Value);
            command.Parameters.Add(new NpgsqlParameter("@properties", NpgsqlDbType.Text) { Value = (object?)e.PropertiesJson ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("@tags", NpgsqlDbType.Text) { Value = e.Tags.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(e.Tags) });
            command.Parameters.Add(new NpgsqlParameter("@search", NpgsqlDbType.Text) { Value = PostgresSearchDocument.Build(e.Message, e.Exception) });
            await command.ExecuteNonQueryAsync();
        }

        foreach (var group in stored.GroupBy(e => (Minute: e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerMinute, Source: e.Source ?? "", Level: (int)e.Level)))
            await Execute("INSERT INTO log_rollups (minute, source, level, count) VALUES (@m, @s, @l, @n) ON CONFLICT (minute, source, level) DO UPDATE SET count = log_rollups.count + excluded.count",
                ("@m", group.Key.Minute), ("@s", group.Key.Source), ("@l", group.Key.Level), ("@n", (long)group.Count()));
        foreach (var group in stored.GroupBy(e => (Hour: e.Timestamp.UtcTicks - e.Timestamp.UtcTicks % TimeSpan.TicksPerHour, Source: e.Source ?? "", Level: (int)e.Level)))
            await Execute("INSERT INTO log_rollups_hourly (hour, source, level, count) VALUES (@h, @s, @l, @n) ON CONFLICT (hour, source, level) DO UPDATE SET count = log_rollups_hourly.count + excluded.count",
                ("@h", group.Key.Hour), ("@s", group.Key.Source), ("@l", group.Key.Level), ("@n", (long)group.Count()));
        foreach (var group in stored.GroupBy(e => e.Id >> LogBlock.Shift))
            await Execute("INSERT INTO log_blocks (block, min_ts, max_ts) VALUES (@b, @min, @max) ON CONFLICT (block) DO UPDATE SET min_ts = least(log_blocks.min_ts, excluded.min_ts), max_ts = greatest(log_blocks.max_ts, excluded.max_ts)",
                ("@b", group.Key), ("@min", group.Min(e => e.Timestamp.UtcTicks)), ("@max", group.Max(e => e.Timestamp.UtcTicks)));

        await transaction.CommitAsync();
        return stored;
    }

    /// <summary>
    /// Fills the store on the server (generate_series) with <paramref name="count"/> events one a second from 2026-11-01
    /// after the ids stored so far: messages of two words of small vocabularies and the event's number, with their
    /// keyword documents; properties N (the number) and Tag. No rollups: for searches and budgets at scale.
    /// </summary>
    public async Task GenerateAsync(int count)
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        await using var connection = await OpenAsync();
        async Task Execute(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
        for (var day = start; day < start + (long)count * TimeSpan.TicksPerSecond; day += TimeSpan.TicksPerDay)
            await Execute($"CREATE TABLE IF NOT EXISTS {PartitionName(day)} PARTITION OF log_events FOR VALUES FROM ({day}) TO ({day + TimeSpan.TicksPerDay})");
        var first = _lastId;
        await Execute($"""
            INSERT INTO log_events (id, timestamp, level, message, source, properties, search)
            SELECT {first} + i, {start} + i * {TimeSpan.TicksPerSecond}, i % 6, w1 || ' ' || w2 || ' n' || i, 'svc' || (i % 50),
                   json_build_object('N', i, 'Tag', 't' || (i % 7)),
                   CAST(format('%L:1 %L:2 %L:3', w1, w2, 'n' || i) AS tsvector)
            FROM (SELECT i,
                         (ARRAY['alpha','beta','gamma','delta','epsilon','zeta','eta','theta','iota','kappa'])[1 + i % 10] AS w1,
                         (ARRAY['timeout','refused','payment','cache','login','retry','ledger','health','queue','disk','socket','token','rare'])[1 + (i / 10) % 13] AS w2
                  FROM generate_series(CAST(1 AS bigint), {count}) AS i) AS g
            """);
        _lastId = first + count;
        await Execute("ANALYZE log_events");
    }

    /// <summary>The writer's name for a day's partition: <c>log_events_yyyyMMdd</c>.</summary>
    public static string PartitionName(long dayTicks) => "log_events_" + new DateTime(dayTicks, DateTimeKind.Utc).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        TestStorage.DropPostgresDatabase(ConnectionString);
    }
}

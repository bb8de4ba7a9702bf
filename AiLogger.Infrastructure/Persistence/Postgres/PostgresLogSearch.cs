using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Newest-first keyset search over (timestamp, id), so every page costs the same however deep. Keyword queries go to
/// the GIN index as one tsquery; the planner chooses between reading the matches and walking the timestamp index
/// newest first (its statistics know how common each lexeme is), which is what SQLite's rare-word/block split does
/// by hand.
/// </summary>
internal sealed class PostgresLogSearch(PostgresDatabase database, LogQuerySqlTranslator translator, IOptions<SearchOptions> options) : ILogSearch
{
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    internal const string Columns =
        "e.id, e.timestamp, e.level, e.message, mt.text, e.source, e.exception, e.trace_id, e.span_id, e.parent_span_id, e.event_type, e.properties, e.tags";

    /// <summary>The events table with its template text, aliased <c>e</c>.</summary>
    internal const string From = "log_events AS e LEFT JOIN message_templates AS mt ON mt.id = e.template_id";

    public async Task<LogSearchPage> SearchAsync(LogSearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, LogSearchRequest.MaxLimit);
        var query = new SqlQuery();
        var where = new List<string>();
        if (request.Query.Root is { } root) where.Add(translator.Translate(root, query));
        if (request.From is { } from) where.Add($"e.timestamp >= {query.Add(from.UtcTicks)}");
        if (request.To is { } to) where.Add($"e.timestamp < {query.Add(to.UtcTicks)}");
        if (request.Before is { } before)
        {
            // The first bound lets the timestamp index start at the cursor; the second breaks the tie on id.
            var ticks = query.Add(before.TimestampTicks);
            where.Add($"e.timestamp <= {ticks} AND (e.timestamp < {ticks} OR e.id < {query.Add(before.Id)})");
        }
        var sql = $"SELECT {Columns} FROM {From}{Where(where)} ORDER BY e.timestamp DESC, e.id DESC LIMIT {query.Add(limit + 1)}";

        var events = await ReadBudgetedAsync(sql, query, cancellationToken);
        LogCursor? next = null;
        if (events.Count > limit)
        {
            events.RemoveRange(limit, events.Count - limit);
            next = LogCursor.After(events[^1]);
        }
        return new LogSearchPage(events, next);
    }

    public async Task<LogEvent?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM {From} WHERE e.id = @id", connection);
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEvent(reader) : null;
    }

    public async Task<IReadOnlyList<LogEvent>> AfterAsync(Domain.Logs.Query.LogQuery query, long afterId, int limit, CancellationToken cancellationToken)
    {
        var sql = new SqlQuery();
        var where = new List<string> { $"e.id > {sql.Add(afterId)}" };
        if (query.Root is { } root) where.Add(translator.Translate(root, sql));
        return await ReadBudgetedAsync(
            $"SELECT {Columns} FROM {From}{Where(where)} ORDER BY e.id LIMIT {sql.Add(Math.Clamp(limit, 1, LogSearchRequest.MaxLimit))}", sql, cancellationToken);
    }

    private async Task<List<LogEvent>> ReadBudgetedAsync(string sql, SqlQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var budget = await PostgresQueryBudget.StartAsync(connection, _budget, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand(sql, query);
            var events = new List<LogEvent>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));
            return events;
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private static string Where(List<string> conditions) => conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "";

    internal static LogEvent ReadEvent(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Timestamp = new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero),
        Level = (LogLevel)r.GetInt32(2),
        Message = r.GetString(3),
        MessageTemplate = NullableString(r, 4),
        Source = NullableString(r, 5),
        Exception = NullableString(r, 6),
        TraceId = NullableString(r, 7),
        SpanId = NullableString(r, 8),
        ParentSpanId = NullableString(r, 9),
        EventType = NullableString(r, 10),
        PropertiesJson = NullableString(r, 11),
        Tags = NullableString(r, 12) is { } tags ? JsonSerializer.Deserialize<string[]>(tags) ?? [] : [],
    };

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Logs;
using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>Newest-first keyset search over (timestamp, id), so every page costs the same however deep.</summary>
internal sealed class SqliteLogSearch(SqliteDatabase database, LogQuerySqlTranslator translator) : ILogSearch
{
    internal const string Columns =
        "e.id, e.timestamp, e.level, e.message, mt.text, e.source, e.exception, e.trace_id, e.span_id, e.parent_span_id, e.event_type, e.properties, e.tags";

    /// <summary>The events table with its template text, aliased <c>e</c>.</summary>
    internal const string From = "log_events AS e LEFT JOIN message_templates AS mt ON mt.id = e.template_id";

    public async Task<LogSearchPage> SearchAsync(LogSearchRequest request, CancellationToken cancellationToken)
    {
        var query = new SqlQuery();
        var where = new List<string>();
        if (request.Query.Root is { } root) where.Add(translator.Translate(root, query));
        if (request.From is { } from) where.Add($"e.timestamp >= {query.Add(from.UtcTicks)}");
        if (request.To is { } to) where.Add($"e.timestamp < {query.Add(to.UtcTicks)}");
        if (request.Before is { } before)
        {
            var ticks = query.Add(before.TimestampTicks);
            where.Add($"(e.timestamp < {ticks} OR (e.timestamp = {ticks} AND e.id < {query.Add(before.Id)}))");
        }
        var limit = Math.Clamp(request.Limit, 1, LogSearchRequest.MaxLimit);
        var sql = $"SELECT {Columns} FROM {From}" +
                  (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                  $" ORDER BY e.timestamp DESC, e.id DESC LIMIT {query.Add(limit + 1)}";

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in query.Parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);

        var events = new List<LogEvent>(Math.Min(limit + 1, 256));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));

        LogCursor? next = null;
        if (events.Count > limit)
        {
            events.RemoveAt(events.Count - 1);
            next = LogCursor.After(events[^1]);
        }
        return new LogSearchPage(events, next);
    }

    public async Task<LogEvent?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {From} WHERE e.id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEvent(reader) : null;
    }

    internal static LogEvent ReadEvent(SqliteDataReader r) => new()
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

    private static string? NullableString(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

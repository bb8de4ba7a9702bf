using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Logs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Newest-first keyset search over (timestamp, id), so every page costs the same however deep. Keyword queries take
/// one of two paths, as on SQLite: words in few events (the keyword index counts them, up to <c>RareWordDocuments</c>)
/// have all their matches read from the index and sorted; anything else walks the timestamp index newest first and
/// stops at a full page. PostgreSQL's statistics cannot tell the two apart for words outside their sample (a word
/// in one event in a million is estimated in thousands, and the walk then reads the whole table), hence the count.
/// </summary>
internal sealed class PostgresLogSearch(PostgresDatabase database, LogQuerySqlTranslator translator, IOptions<SearchOptions> options) : ILogSearch
{
    private readonly TimeSpan _budget = options.Value.QueryTimeout;
    private readonly long _rareDocuments = options.Value.RareWordDocuments;

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
        var order = $" ORDER BY e.timestamp DESC, e.id DESC LIMIT {query.Add(limit + 1)}";
        var walk = $"SELECT {Columns} FROM {From}{Where(where)}{order}";
        // OFFSET 0 keeps the planner from walking the timestamp index for the ORDER BY: the matches come from the keyword index.
        var matches = $"SELECT {Columns} FROM (SELECT * FROM log_events AS e{Where(where)} OFFSET 0) AS e LEFT JOIN message_templates AS mt ON mt.id = e.template_id{order}";

        List<LogEvent> events;
        await using var connection = await database.OpenAsync(cancellationToken);
        var budget = await PostgresQueryBudget.StartAsync(connection, _budget, cancellationToken);
        try
        {
            if (!LogQuerySqlTranslator.UsesFullText(request.Query.Root))
                events = await ReadAllAsync(connection, walk, query, cancellationToken);
            else
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // Only the keyword index (bitmap scans) for the count and for reading a rare word's matches.
                await ExecuteAsync(connection, "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off", cancellationToken);
                var rare = await IsRareAsync(connection, request.Query.Root, cancellationToken);
                if (!rare) await ExecuteAsync(connection, "SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on", cancellationToken);
                events = await ReadAllAsync(connection, rare ? matches : walk, query, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
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
            return await ReadAllAsync(connection, sql, query, cancellationToken);
        }
        catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    /// <summary>True when the words every match must contain are together in at most <c>RareWordDocuments</c> events.</summary>
    private async Task<bool> IsRareAsync(NpgsqlConnection connection, Domain.Logs.Query.QueryNode? root, CancellationToken cancellationToken)
    {
        var tokens = LogQuerySqlTranslator.RequiredTokens(root);
        if (tokens.Count == 0) return false;
        var count = await connection.ScalarAsync(
            "SELECT count(*) FROM (SELECT 1 FROM log_events WHERE search @@ CAST(@q AS tsquery) LIMIT @k) AS m", cancellationToken,
            ("@q", string.Join(" & ", tokens.Distinct().Select(t => PostgresSearchDocument.Lexeme(t, prefix: false)))), ("@k", _rareDocuments + 1));
        return (long)count! <= _rareDocuments;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<LogEvent>> ReadAllAsync(NpgsqlConnection connection, string sql, SqlQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(sql, query);
        var events = new List<LogEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));
        return events;
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

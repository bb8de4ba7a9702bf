using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Logs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Newest-first keyset search over (timestamp, id), so every page costs the same however deep. Keyword queries
/// take one of two paths: rare words (few matches in the whole store) read all their matches and sort them;
/// anything else walks the id blocks newest first, asking the keyword index only about those ids, and stops as
/// soon as no older block can change the page.
/// </summary>
internal sealed class SqliteLogSearch(SqliteDatabase database, LogQuerySqlTranslator translator, IOptions<SearchOptions> options) : ILogSearch
{
    private readonly long _rareDocuments = options.Value.RareWordDocuments;
    private readonly TimeSpan _budget = options.Value.QueryTimeout;

    internal const string Columns =
        "e.id, e.timestamp, e.level, e.message, mt.text, e.source, e.exception, e.trace_id, e.span_id, e.parent_span_id, e.event_type, e.properties, e.tags";

    /// <summary>The events table with its template text, aliased <c>e</c>.</summary>
    internal const string From = "log_events AS e LEFT JOIN message_templates AS mt ON mt.id = e.template_id";

    public async Task<LogSearchPage> SearchAsync(LogSearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 1, LogSearchRequest.MaxLimit);
        await using var connection = await database.OpenAsync(cancellationToken);
        using var budget = SqliteQueryBudget.Start(connection, _budget, cancellationToken);
        var root = request.Query.Root;
        List<LogEvent> events;
        try
        {
            events = LogQuerySqlTranslator.UsesFullText(root) && !await IsRareAsync(connection, root, cancellationToken)
                ? await BlockSearchAsync(connection, request, limit, cancellationToken)
                : await DirectSearchAsync(connection, request, limit, cancellationToken);
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
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
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM {From} WHERE e.id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEvent(reader) : null;
    }

    public async Task<IReadOnlyList<LogEvent>> AfterAsync(Domain.Logs.Query.LogQuery query, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = new SqlQuery();
        var where = new List<string> { $"e.id > {sql.Add(afterId)}" };
        if (query.Root is { } root) where.Add(translator.Translate(root, sql));
        await using var command = connection.CreateCommand(
            $"SELECT {Columns} FROM {From}{Where(where)} ORDER BY e.id LIMIT {sql.Add(Math.Clamp(limit, 1, LogSearchRequest.MaxLimit))}", sql);
        using var budget = SqliteQueryBudget.Start(connection, _budget, cancellationToken);
        try
        {
            return await ReadAllAsync(command, cancellationToken);
        }
        catch (SqliteException error) when (SqliteQueryBudget.Stopped(error))
        {
            throw budget.Failure();
        }
    }

    private async Task<List<LogEvent>> DirectSearchAsync(SqliteConnection connection, LogSearchRequest request, int limit, CancellationToken cancellationToken)
    {
        var query = new SqlQuery();
        var where = Conditions(request, query, idRange: null);
        var sql = $"SELECT {Columns} FROM {From}" + Where(where) + $" ORDER BY e.timestamp DESC, e.id DESC LIMIT {query.Add(limit + 1)}";
        await using var command = connection.CreateCommand(sql, query);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// Blocks newest first, a growing number per query (1, 2, 4 … 64) so a sparse match costs few statements;
    /// stops when the page is full and the next block holds nothing newer than its last event.
    /// </summary>
    private async Task<List<LogEvent>> BlockSearchAsync(SqliteConnection connection, LogSearchRequest request, int limit, CancellationToken cancellationToken)
    {
        var blocks = new List<(long Block, long Max)>();
        await using (var list = connection.CreateCommand())
        {
            var bounds = new List<string>();
            if (request.From is { } from) { bounds.Add("max_ts >= @from"); list.Parameters.AddWithValue("@from", from.UtcTicks); }
            if (request.To is { } to) { bounds.Add("min_ts < @to"); list.Parameters.AddWithValue("@to", to.UtcTicks); }
            if (request.Before is { } before) { bounds.Add("min_ts <= @before"); list.Parameters.AddWithValue("@before", before.TimestampTicks); }
            list.CommandText = "SELECT block, max_ts FROM log_blocks" + Where(bounds) + " ORDER BY max_ts DESC";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) blocks.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        var query = new SqlQuery();
        var low = query.Add(0L);
        var high = query.Add(0L);
        var where = Conditions(request, query, (low, high));
        where.Add($"e.id BETWEEN {low} AND {high}");
        var sql = $"SELECT {Columns} FROM {From}" + Where(where) + $" ORDER BY e.timestamp DESC, e.id DESC LIMIT {query.Add(limit + 1)}";
        await using var command = connection.CreateCommand(sql, query);

        var found = new List<LogEvent>();
        var seen = new HashSet<long>();
        var batch = 1;
        for (var next = 0; next < blocks.Count; next += batch, batch = Math.Min(batch * 2, 64))
        {
            if (found.Count > limit && blocks[next].Max < found[limit].Timestamp.UtcTicks) break;
            var taken = blocks.Skip(next).Take(batch).Select(b => b.Block).ToList();
            // One id range over the batch; events of blocks outside it are deduplicated here.
            command.Parameters[low].Value = taken.Min() << LogBlock.Shift;
            command.Parameters[high].Value = ((taken.Max() + 1) << LogBlock.Shift) - 1;
            foreach (var e in await ReadAllAsync(command, cancellationToken))
                if (seen.Add(e.Id)) found.Add(e);
            found.Sort(NewestFirst);
            if (found.Count > limit + 1) found.RemoveRange(limit + 1, found.Count - limit - 1);
        }
        return found;
    }

    /// <summary>
    /// True when the words every match must contain are together in at most <c>RareWordDocuments</c> events: the
    /// keyword index lists matches newest id first, so asking for one more than that answers cheaply.
    /// </summary>
    private async Task<bool> IsRareAsync(SqliteConnection connection, Domain.Logs.Query.QueryNode? root, CancellationToken cancellationToken)
    {
        var tokens = LogQuerySqlTranslator.RequiredTokens(root);
        if (tokens.Count == 0) return false;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM (SELECT rowid FROM log_events_fts WHERE log_events_fts MATCH @q ORDER BY rowid DESC LIMIT @k)";
        command.Parameters.AddWithValue("@q", string.Join(' ', tokens.Distinct().Select(t => "\"" + t + "\"")));
        command.Parameters.AddWithValue("@k", _rareDocuments + 1);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! <= _rareDocuments;
    }

    private List<string> Conditions(LogSearchRequest request, SqlQuery query, (string, string)? idRange)
    {
        var where = new List<string>();
        if (request.Query.Root is { } root) where.Add(translator.Translate(root, query, idRange));
        if (request.From is { } from) where.Add($"e.timestamp >= {query.Add(from.UtcTicks)}");
        if (request.To is { } to) where.Add($"e.timestamp < {query.Add(to.UtcTicks)}");
        if (request.Before is { } before)
        {
            var ticks = query.Add(before.TimestampTicks);
            where.Add($"(e.timestamp < {ticks} OR (e.timestamp = {ticks} AND e.id < {query.Add(before.Id)}))");
        }
        return where;
    }

    private static string Where(List<string> conditions) => conditions.Count > 0 ? " WHERE " + string.Join(" AND ", conditions) : "";


    private static async Task<List<LogEvent>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<LogEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader));
        return events;
    }

    private static int NewestFirst(LogEvent a, LogEvent b)
    {
        var byTime = b.Timestamp.UtcTicks.CompareTo(a.Timestamp.UtcTicks);
        return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
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

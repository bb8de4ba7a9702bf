using AiLogger.Domain.Logs;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Stops the statements of one read once it runs past its budget or its caller gives up. Neither a command timeout
/// nor a cancellation token interrupts a running SQLite statement; a progress handler does (the statement then fails
/// with SQLITE_INTERRUPT). Disposing removes the handler before the pooled connection is reused.
/// </summary>
internal sealed class SqliteQueryBudget : IDisposable
{
    /// <summary>Virtual-machine instructions between two looks at the clock: microseconds of work.</summary>
    private const int Instructions = 10_000;

    private readonly SqliteConnection _connection;
    private readonly TimeSpan _budget;
    private readonly CancellationToken _cancellationToken;
    private readonly long _deadline;

    private SqliteQueryBudget(SqliteConnection connection, TimeSpan budget, CancellationToken cancellationToken)
    {
        _connection = connection;
        _budget = budget;
        _cancellationToken = cancellationToken;
        _deadline = Environment.TickCount64 + (long)budget.TotalMilliseconds;
        raw.sqlite3_progress_handler(connection.Handle, Instructions, _ => Over ? 1 : 0, null);
    }

    private bool Over => _cancellationToken.IsCancellationRequested || Environment.TickCount64 > _deadline;

    public static SqliteQueryBudget Start(SqliteConnection connection, TimeSpan budget, CancellationToken cancellationToken) =>
        new(connection, budget, cancellationToken);

    /// <summary>True for the error a statement fails with when this budget stopped it.</summary>
    public static bool Stopped(SqliteException error) => error.SqliteErrorCode == raw.SQLITE_INTERRUPT;

    /// <summary>What the caller sees instead: its own cancellation, or the budget exceeded.</summary>
    public Exception Failure() => _cancellationToken.IsCancellationRequested
        ? new OperationCanceledException(_cancellationToken)
        : new QueryTooExpensiveException(_budget);

    public void Dispose()
    {
        if (_connection.Handle is { } handle) raw.sqlite3_progress_handler(handle, 0, null, null);
    }
}

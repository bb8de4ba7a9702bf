using AiLogger.Domain.Logs;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// The time budget of one read: the server's <c>statement_timeout</c> on the connection, which cancels a statement that
/// runs past it (SQLSTATE 57014). The pool resets the setting when the connection goes back (Npgsql's DISCARD ALL).
/// </summary>
internal sealed class PostgresQueryBudget
{
    private readonly TimeSpan _budget;
    private readonly CancellationToken _cancellationToken;

    private PostgresQueryBudget(TimeSpan budget, CancellationToken cancellationToken)
    {
        _budget = budget;
        _cancellationToken = cancellationToken;
    }

    public static async Task<PostgresQueryBudget> StartAsync(NpgsqlConnection connection, TimeSpan budget, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SET statement_timeout = {Math.Max(1, (long)budget.TotalMilliseconds)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresQueryBudget(budget, cancellationToken);
    }

    /// <summary>True for the error a statement fails with when the server stopped it (the budget, or a cancellation).</summary>
    public static bool Stopped(Exception error) => error is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    /// <summary>What the caller sees instead: its own cancellation, or the budget exceeded.</summary>
    public Exception Failure() => _cancellationToken.IsCancellationRequested
        ? new OperationCanceledException(_cancellationToken)
        : new QueryTooExpensiveException(_budget);
}

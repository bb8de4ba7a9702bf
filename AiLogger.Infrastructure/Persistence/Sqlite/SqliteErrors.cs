using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal static class SqliteErrors
{
    private const int Constraint = 19;

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection held the lock past the busy timeout.</summary>
    public static bool IsBusy(SqliteException error) => error.SqliteErrorCode is 5 or 6;

    public static bool IsUniqueViolation(Exception? error) => error is SqliteException { SqliteErrorCode: Constraint };
}

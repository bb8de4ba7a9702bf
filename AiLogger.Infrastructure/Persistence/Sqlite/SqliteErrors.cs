using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal static class SqliteErrors
{
    private const int Constraint = 19;

    public static bool IsUniqueViolation(Exception? error) => error is SqliteException { SqliteErrorCode: Constraint };
}

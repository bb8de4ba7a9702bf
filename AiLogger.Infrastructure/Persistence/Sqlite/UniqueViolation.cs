using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// A save refused by a unique index: two concurrent requests both checked that a name was free, then both inserted it.
/// Stores answer that as the validation error the check would have given, not as a failure.
/// </summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;

    public static bool Is(DbUpdateException error) => error.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint };
}

using Microsoft.EntityFrameworkCore;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>
/// A save refused by a unique index: two concurrent requests both checked that a name was free, then both inserted it.
/// Stores answer that as the validation error the check would have given, not as a failure.
/// </summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException error) =>
        Sqlite.SqliteErrors.IsUniqueViolation(error.InnerException) || Postgres.PostgresErrors.IsUniqueViolation(error.InnerException);

    /// <summary>Saves; false (nothing saved) when a unique index refused the change.</summary>
    public static async Task<bool> TrySaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (Is(error))
        {
            return false;
        }
    }
}

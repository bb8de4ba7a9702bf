using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

internal static class PostgresErrors
{
    public static bool IsUniqueViolation(Exception? error) => error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}

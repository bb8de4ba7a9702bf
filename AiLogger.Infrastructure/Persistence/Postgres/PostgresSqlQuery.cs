using AiLogger.Infrastructure.Logs;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

internal static class PostgresSqlQuery
{
    /// <summary>A command with built SQL and the query's parameters (<see cref="SqlQuery"/>'s <c>@pN</c> names).</summary>
    public static NpgsqlCommand Command(this SqlQuery query, NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in query.Parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

using AiLogger.Infrastructure.Logs;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

internal static class PostgresCommandExtensions
{
    /// <summary>A command with built SQL and its parameters (<see cref="SqlQuery"/>).</summary>
    public static NpgsqlCommand CreateCommand(this NpgsqlConnection connection, string sql, SqlQuery query)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in query.Parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>One value of a query, null for SQL NULL or no row.</summary>
    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }
}

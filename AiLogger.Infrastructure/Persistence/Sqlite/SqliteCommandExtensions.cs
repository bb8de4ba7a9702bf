using AiLogger.Infrastructure.Logs;
using Microsoft.Data.Sqlite;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

internal static class SqliteCommandExtensions
{
    /// <summary>A command with built SQL and its parameters (<see cref="SqlQuery"/>).</summary>
    public static SqliteCommand CreateCommand(this SqliteConnection connection, string sql, SqlQuery query)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in query.Parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a one-value query with a single <c>@since</c> parameter, disposing the command.</summary>
    public static async Task<object?> ExecuteScalarWithAsync(this SqliteCommand command, string sql, long since, CancellationToken cancellationToken)
    {
        await using (command)
        {
            command.CommandText = sql;
            command.Parameters.AddWithValue("@since", since);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }
    }
}

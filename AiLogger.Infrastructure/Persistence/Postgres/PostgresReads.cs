using AiLogger.Domain.Storage;
using Npgsql;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// One read on its own pooled connection under the search time budget, with PostgreSQL's failures in domain terms:
/// the budget exceeded is <see cref="Domain.Logs.QueryTooExpensiveException"/>, an unreachable or overloaded server
/// <see cref="StorageUnavailableException"/>; pages never see a provider type.
/// </summary>
internal static class PostgresReads
{
    /// <param name="budget">Null for a read bounded by its own limits alone.</param>
    public static async Task<T> RunAsync<T>(PostgresDatabase database, TimeSpan? budget, Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            if (budget is null) return await read(connection);
            var limit = await PostgresQueryBudget.StartAsync(connection, budget.Value, cancellationToken);
            try
            {
                return await read(connection);
            }
            catch (PostgresException error) when (PostgresQueryBudget.Stopped(error))
            {
                throw limit.Failure();
            }
        }
        catch (NpgsqlException error) when (error.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException($"PostgreSQL could not answer just now ({error.Message}); try again shortly.", error);
        }
    }
}

namespace AiLogger.Infrastructure.Persistence;

/// <summary>What a provider does before migrations run (SQLite: folder and WAL; PostgreSQL: wait for the server).</summary>
internal interface IStoragePreparation
{
    /// <summary>Where the data lives, for the start-up log line.</summary>
    string Description { get; }

    Task PrepareAsync(CancellationToken cancellationToken);
}

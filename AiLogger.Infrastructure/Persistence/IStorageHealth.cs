namespace AiLogger.Infrastructure.Persistence;

/// <summary>A cheap round trip to the database, for <c>/healthz</c>.</summary>
public interface IStorageHealth
{
    /// <returns>Null when healthy, else what failed.</returns>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}

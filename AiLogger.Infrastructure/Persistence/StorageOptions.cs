namespace AiLogger.Infrastructure.Persistence;

/// <summary><c>AiLogger:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "AiLogger:Storage";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = StorageProviders.Sqlite;

    /// <summary>SQLite <c>synchronous</c>: <c>Normal</c> (default; survives a process kill) or <c>Full</c> (also a power cut).</summary>
    public string Synchronous { get; set; } = "Normal";

    /// <summary>How long a connection waits for SQLite's write lock before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PostgreSQL: how long start-up waits for the server before giving up.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

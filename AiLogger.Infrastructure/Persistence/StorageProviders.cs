namespace AiLogger.Infrastructure.Persistence;

public static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}

/// <summary>The provider whose stores were registered (read from configuration while services are registered).</summary>
public sealed record RegisteredStorage(string Provider);

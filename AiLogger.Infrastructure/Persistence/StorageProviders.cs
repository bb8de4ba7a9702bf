namespace AiLogger.Infrastructure.Persistence;

public static class StorageProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}

using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Support;

/// <summary>
/// A fresh PostgreSQL database with AI-Logger's schema, and the infrastructure's services resolved over it as the app
/// registers them (hosted services are not started, so no writer runs: tests put rows in with <see cref="PostgresRowCopy"/>).
/// </summary>
public sealed class PostgresTestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PostgresTestStore(string connectionString, ServiceProvider services)
    {
        ConnectionString = connectionString;
        _services = services;
    }

    public string ConnectionString { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<PostgresTestStore> CreateAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        ScaleOut.RequirePostgres();
        var database = TestStorage.CreatePostgresDatabase();
        await using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(database).Options))
            await db.Database.MigrateAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AiLogger"] = database,
            ["AiLogger:Storage:Provider"] = "Postgres",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddAiLoggerInfrastructure(configuration);
        services?.Invoke(collection);
        return new PostgresTestStore(database, collection.BuildServiceProvider());
    }

    public Task CopyFromSqliteAsync(string sqlitePath) => PostgresRowCopy.CopyAsync(sqlitePath, ConnectionString);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        TestStorage.DropPostgresDatabase(ConnectionString);
    }
}

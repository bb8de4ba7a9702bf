using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AiLogger.Tests.Storage;

/// <summary>PostgreSQL's own migrations on a real server: they apply, and the schema is what the stores rely on.</summary>
public sealed class PostgresSchemaTests
{
    [SkippableFact]
    public async Task Migrations_apply_to_an_empty_database_with_day_partitions_and_a_case_insensitive_collation()
    {
        ScaleOut.RequirePostgres();
        var database = TestStorage.CreatePostgresDatabase();
        try
        {
            await using (var db = new PostgresDbContext(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(database).Options))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            }

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            async Task<object?> Scalar(string sql)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return await command.ExecuteScalarAsync();
            }
            // Both big tables are partitioned by range (relkind 'p').
            Assert.Equal("p", (await Scalar("SELECT relkind::text FROM pg_class WHERE relname = 'log_events'"))?.ToString());
            Assert.Equal("p", (await Scalar("SELECT relkind::text FROM pg_class WHERE relname = 'spans'"))?.ToString());
            // Sources compare as SQLite's NOCASE does.
            Assert.Equal(true, await Scalar("SELECT 'Checkout'::text COLLATE ailogger_nocase = 'CHECKOUT'"));
            Assert.Equal(false, await Scalar("SELECT 'Checkout'::text COLLATE ailogger_nocase = 'Checkouts'"));
        }
        finally
        {
            TestStorage.DropPostgresDatabase(database);
        }
    }
}

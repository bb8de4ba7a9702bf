using AiLogger.Tests.Support;

namespace AiLogger.Tests.Api;

/// <summary>DESIGN §8: a bad setting stops AI-Logger with one line that names it.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("AiLogger__Retention__Days", "-3", "AiLogger:Retention:Days must be 0 (keep all) or more, not -3.")]
    [InlineData("AiLogger__Bootstrap__AdminEmail", "someone@ailogger.test", "AiLogger:Bootstrap:AdminEmail and AiLogger:Bootstrap:AdminPassword go together")]
    [InlineData("AiLogger__Ingest__DropFilters__0", "level:loud", "AiLogger:Ingest:DropFilters:0: Query error at character 7")]
    [InlineData("AiLogger__Models__DriftWindow", "00:10:00", "AiLogger:Models:DriftWindow must be between 1 hour and 366 days, not 00:10:00.")]
    [InlineData("AiLogger__Storage__Provider", "Oracle", "AiLogger:Storage:Provider must be Sqlite or Postgres, not 'Oracle'.")]
    [InlineData("AiLogger__Alerts__RetryDelays", "10s, soon", "AiLogger:Alerts:RetryDelays must be durations separated by commas")]
    [InlineData("AiLogger__Alerts__PublicUrl", "logs.example.com", "AiLogger:Alerts:PublicUrl must be an absolute http(s) URL")]
    // PostgreSQL chosen, but the connection string is still SQLite's.
    [InlineData("AiLogger__Storage__Provider", "Postgres", "AiLogger:Storage:Provider=Postgres needs ConnectionStrings:AiLogger set to a PostgreSQL connection string")]
    public async Task Bad_setting_stops_start_up_with_one_line_naming_it(string variable, string value, string expected)
    {
        using var directory = new TempDirectory();

        var (exitCode, errors) = await ServerProcess.RunUntilExitAsync(directory.File("bad.db"), new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors, l => l.StartsWith("AI-Logger cannot start:", StringComparison.Ordinal));
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_is_retried_then_named_in_one_line()
    {
        using var directory = new TempDirectory();

        var (exitCode, errors) = await ServerProcess.RunUntilExitAsync(directory.File("unused.db"), new Dictionary<string, string>
        {
            ["AiLogger__Storage__Provider"] = "Postgres",
            ["AiLogger__Storage__StartupTimeout"] = "00:00:03",
            // Nothing listens on port 1.
            ["ConnectionStrings__AiLogger"] = "Host=127.0.0.1;Port=1;Database=ailogger;Username=ailogger;Password=x",
        });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors, l => l.StartsWith("AI-Logger cannot start:", StringComparison.Ordinal));
        Assert.Contains("PostgreSQL at 127.0.0.1 (database ailogger) did not answer within 3 s", line);
    }

    [Fact]
    public async Task A_schema_from_a_newer_build_stops_start_up_and_is_left_alone()
    {
        using var directory = new TempDirectory();
        var database = directory.File("newer.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsHistory" ("MigrationId" TEXT NOT NULL PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsHistory" VALUES ('29991231000000_FromTheFuture', '99.0.0');
                """;
            await command.ExecuteNonQueryAsync();
        }

        var (exitCode, errors) = await ServerProcess.RunUntilExitAsync(database, new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors, l => l.StartsWith("AI-Logger cannot start:", StringComparison.Ordinal));
        Assert.Contains("schema is newer than this build of AI-Logger (it has migration 29991231000000_FromTheFuture", line);
        await using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await check.OpenAsync();
            await using var tables = check.CreateCommand();
            tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'log_events'";
            Assert.Equal(0L, await tables.ExecuteScalarAsync());
        }
    }
}

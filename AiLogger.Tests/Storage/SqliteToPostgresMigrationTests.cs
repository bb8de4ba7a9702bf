using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Domain.Security;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiLogger.Tests.Storage;

/// <summary><c>--migrate-from-sqlite</c>: a real SQLite store, filled through the real ingestion path, copied into a new PostgreSQL database.</summary>
public sealed class SqliteToPostgresMigrationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 22, 0, 0, TimeSpan.Zero);

    [SkippableFact]
    public async Task Every_row_of_every_table_arrives_with_its_id_and_the_events_are_searchable()
    {
        ScaleOut.RequirePostgres();
        using var folder = new TempDirectory();
        var sqlite = folder.File("source.db");
        string secret;
        await using (var source = await InfrastructureHost.StartAsync(new Dictionary<string, string?>
                     {
                         ["AiLogger:Storage:Provider"] = "Sqlite",
                         ["ConnectionStrings:AiLogger"] = $"Data Source={sqlite}",
                     }))
        {
            var ingestor = source.Get<IIngestor>();
            // 6,000 events over three UTC days (three partitions), a few with a rare word and an exception.
            for (var batch = 0; batch < 6; batch++)
            {
                var events = Enumerable.Range(0, 1_000).Select(i => new LogEvent
                {
                    Timestamp = Start.AddMinutes((batch * 1_000 + i) * 0.5),
                    Level = (LogLevel)(i % 6),
                    Message = i % 250 == 0 ? $"Connection to db-{i} refused after {i} ms" : $"Request {batch}-{i} served",
                    Source = i % 2 == 0 ? "Checkout" : "api",
                    Exception = i % 500 == 0 ? "System.TimeoutException: zebra timeout" : null,
                    PropertiesJson = $$"""{"n":{{i}},"user":"u{{i % 7}}"}""",
                    Tags = i % 3 == 0 ? ["critical"] : [],
                }).ToList();
                await ingestor.IngestAsync(events, IngestContext.Anonymous, CancellationToken.None);
            }
            var spans = Enumerable.Range(0, 40).Select(i => new Span
            {
                TraceId = $"{i / 4 + 1:x32}", SpanId = $"{i + 1:x16}", Name = $"op {i % 4}", Service = "checkout",
                StartUnixNano = (Start.ToUnixTimeMilliseconds() + i * 1_000) * 1_000_000, EndUnixNano = (Start.ToUnixTimeMilliseconds() + i * 1_000 + 250) * 1_000_000,
                Status = i % 9 == 0 ? SpanStatus.Error : SpanStatus.Ok, AttributesJson = """{"http.route":"/pay"}""",
            }).ToList();
            await ingestor.IngestAsync(new IngestBatch([], spans), IngestContext.Anonymous, CancellationToken.None);
            secret = (await source.Get<IApiKeyStore>().CreateAsync(new ApiKeyDraft { Name = "CI", Scopes = ApiKeyScopes.Ingest }, CancellationToken.None)).Secret;
            await source.Get<IModelCatalog>().SaveAsync(new ModelDefinition { Name = "Sentiment", Classes = ["pos", "neg"] }, CancellationToken.None);
            await source.Get<IPredictionIngestor>().AddPredictionsAsync("Sentiment",
                Enumerable.Range(0, 50).Select(i => new Prediction { ItemId = $"item-{i}", Timestamp = Start.AddMinutes(i), Predicted = i % 3 == 0 ? "neg" : "pos", Confidence = 0.5 + i / 200.0 }).ToList(),
                CancellationToken.None);
        }

        var target = TestStorage.CreatePostgresDatabase();
        try
        {
            await using var services = Services(target);
            var output = new StringWriter();
            var summary = await services.GetRequiredService<StoreMigration>().RunAsync(sqlite, output, CancellationToken.None);
            Assert.Contains("every row is accounted for", summary);

            await using var pg = new NpgsqlConnection(target);
            await pg.OpenAsync();
            async Task<T> Scalar<T>(string sql)
            {
                await using var command = new NpgsqlCommand(sql, pg);
                return (T)(await command.ExecuteScalarAsync())!;
            }
            await using var lite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={sqlite};Mode=ReadOnly;Pooling=False");
            await lite.OpenAsync();
            async Task<long> LiteScalar(string sql)
            {
                await using var command = lite.CreateCommand();
                command.CommandText = sql;
                return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            // Every table: the same rows, the same ids.
            foreach (var table in new[] { "log_events", "spans", "traces", "log_rollups", "log_rollups_hourly", "message_templates", "api_keys", "models", "model_predictions", "AspNetRoles" })
                Assert.True(await LiteScalar($"SELECT count(*) FROM \"{table}\"") == await Scalar<long>($"SELECT count(*) FROM \"{table}\""), table);
            Assert.Equal(6_000, await Scalar<long>("SELECT count(*) FROM log_events"));
            Assert.Equal(await LiteScalar("SELECT sum(id) FROM log_events"), await Scalar<decimal>("SELECT sum(id) FROM log_events"));
            // Three day partitions, and the keyword document of each event: the rare word, a phrase, a word in exceptions only.
            Assert.Equal(3L, await Scalar<long>("SELECT count(*) FROM pg_inherits WHERE inhparent = 'log_events'::regclass"));
            Assert.Equal(await LiteScalar("SELECT count(*) FROM log_events WHERE message LIKE 'Connection to%'"),
                await Scalar<long>("SELECT count(*) FROM log_events WHERE search @@ '''connection'' <-> ''to'''::tsquery"));
            Assert.Equal(12L, await Scalar<long>("SELECT count(*) FROM log_events WHERE search @@ '''zebra'''::tsquery"));
            Assert.Equal("u3", await Scalar<string>("SELECT properties->>'user' FROM log_events WHERE id = (SELECT min(id) FROM log_events WHERE message = 'Request 0-3 served')"));

            // The key still works, and new rows get ids past the copied ones.
            Assert.NotNull(await services.GetRequiredService<IApiKeyStore>().AuthenticateAsync(secret, CancellationToken.None));
            var created = await services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyDraft { Name = "after", Scopes = ApiKeyScopes.Read }, CancellationToken.None);
            Assert.True(created.Key.Id > await LiteScalar("SELECT max(id) FROM api_keys"));
            Assert.Equal(await LiteScalar("SELECT max(id) FROM model_predictions") + 1, await Scalar<long>("SELECT nextval('model_predictions_id_seq')"));

            // Once only: a second run refuses, naming what is in the way, and changes nothing.
            var again = await Assert.ThrowsAsync<StoreMigrationException>(() => services.GetRequiredService<StoreMigration>().RunAsync(sqlite, new StringWriter(), CancellationToken.None));
            Assert.Contains("not empty", again.Message);
            Assert.Equal(6_000, await Scalar<long>("SELECT count(*) FROM log_events"));
        }
        finally
        {
            TestStorage.DropPostgresDatabase(target);
        }
    }

    [SkippableFact]
    public async Task A_missing_or_foreign_file_is_refused_with_its_name()
    {
        ScaleOut.RequirePostgres();
        using var folder = new TempDirectory();
        var target = TestStorage.CreatePostgresDatabase();
        try
        {
            await using var services = Services(target);
            var migration = services.GetRequiredService<StoreMigration>();
            var missing = await Assert.ThrowsAsync<StoreMigrationException>(() => migration.RunAsync(folder.File("nope.db"), new StringWriter(), CancellationToken.None));
            Assert.Contains("nope.db", missing.Message);
            await File.WriteAllTextAsync(folder.File("notes.db"), "not a database at all, just text that is long enough to look like a header........");
            var foreign = await Assert.ThrowsAsync<StoreMigrationException>(() => migration.RunAsync(folder.File("notes.db"), new StringWriter(), CancellationToken.None));
            Assert.Contains("not an AI-Logger SQLite store", foreign.Message);
        }
        finally
        {
            TestStorage.DropPostgresDatabase(target);
        }
    }

    /// <summary>The infrastructure on the target, not started: as the command runs it, before any first start.</summary>
    private static ServiceProvider Services(string target)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AiLogger:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:AiLogger"] = target,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddAiLoggerInfrastructure(configuration);
        return services.BuildServiceProvider();
    }
}

using System.Data.Common;
using System.Text.Json;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AiLogger.Tests.Storage;

/// <summary>
/// Predictions, validations and the model jobs' store on PostgreSQL, each step run on SQLite too: the rows they leave
/// and the errors they answer must be the same on both, and the figures those by hand.
/// </summary>
public sealed class PostgresModelStoreTests : IAsyncLifetime
{
    private const string Model = "Spam";
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private InfrastructureHost? _sqlite;
    private PostgresTestStore? _postgres;

    public async Task InitializeAsync()
    {
        if (!TestStorage.PostgresAvailable()) return;
        _sqlite = await InfrastructureHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AiLogger"] = $"Data Source={_directory.File("store.db")}",
            ["AiLogger:Storage:Provider"] = "Sqlite",
        });
        _postgres = await PostgresTestStore.CreateAsync();
        var definition = new ModelDefinition { Name = Model, Classes = ["spam", "ham"] };
        await _sqlite.Get<IModelCatalog>().SaveAsync(definition, CancellationToken.None);
        await _postgres.Get<IModelCatalog>().SaveAsync(definition, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqlite is not null) await _sqlite.DisposeAsync();
        _directory.Dispose();
    }

    private static Prediction Predict(string id, string predicted, double? confidence, DateTimeOffset at, string? actual = null) =>
        new() { ItemId = id, Predicted = predicted, Confidence = confidence, Timestamp = at, Actual = actual, FeaturesJson = $$"""{"length":{{id.Length}}}""" };

    /// <summary>Runs a step on both stores; returns what each answered (its result or its error) for comparison.</summary>
    private async Task<(string Sqlite, string Postgres)> BothAsync(Func<IPredictionIngestor, Task<int>> step)
    {
        async Task<string> Run(IPredictionIngestor ingestor)
        {
            try
            {
                return $"stored {await step(ingestor)}";
            }
            catch (Exception error) when (error is ModelIngestException or UnknownModelException)
            {
                return error.GetType().Name + ": " + error.Message + (error is ModelIngestException m ? " " + JsonSerializer.Serialize(m.Errors) : "");
            }
        }
        var postgres = _postgres!.Get<IPredictionIngestor>();
        Assert.IsType<PostgresPredictionStore>(postgres);
        return (await Run(_sqlite!.Get<IPredictionIngestor>()), await Run(postgres));
    }

    private async Task<string> PostgresRowsAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(RowsSql, connection);
        return await ReadRowsAsync(await command.ExecuteReaderAsync());
    }

    private async Task<string> SqliteRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_directory.File("store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = RowsSql;
        return await ReadRowsAsync(await command.ExecuteReaderAsync());
    }

    private const string RowsSql =
        "SELECT p.item_id, p.predicted, p.confidence, p.probabilities, p.features, p.timestamp, p.actual, p.validated_at, m.data_version, m.last_prediction_at " +
        "FROM model_predictions AS p JOIN models AS m ON m.id = p.model_id ORDER BY p.item_id";

    private static async Task<string> ReadRowsAsync(DbDataReader reader)
    {
        await using (reader)
        {
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            return string.Join("\n", rows);
        }
    }

    [SkippableFact]
    public async Task The_same_id_again_replaces_the_prediction_and_keeps_its_validation()
    {
        ScaleOut.RequirePostgres();
        var first = await BothAsync(s => s.AddPredictionsAsync(Model, [Predict("m1", "spam", 0.9, Day), Predict("m2", "ham", 0.8, Day)], CancellationToken.None));
        Assert.Equal(("stored 2", "stored 2"), first);
        await BothAsync(s => s.AddValidationsAsync(Model, [new Validation { ItemId = "m1", Actual = "ham", ValidatedAt = Day.AddHours(1) }], CancellationToken.None));
        // A retry of m1 with other values, m3 twice in one batch (the last wins), and the model's name in other case.
        var again = await BothAsync(s => s.AddPredictionsAsync("SPAM",
            [Predict("m1", "ham", 0.4, Day.AddMinutes(5)), Predict("m3", "spam", 0.1, Day), Predict("m3", "ham", 0.7, Day.AddMinutes(9))], CancellationToken.None));
        Assert.Equal(("stored 2", "stored 2"), again);

        var rows = await PostgresRowsAsync();
        Assert.Equal(await SqliteRowsAsync(), rows);
        var lines = rows.Split('\n');
        Assert.Equal(3, lines.Length);
        // m1: replaced (ham, 0.4, 5 minutes later), its validation (ham, an hour later) kept; the model's version moved three times.
        Assert.Equal($"m1|ham|0.4|null|{{\"length\":2}}|{Day.AddMinutes(5).UtcTicks}|ham|{Day.AddHours(1).UtcTicks}|3|{Day.AddMinutes(9).UtcTicks}", lines[0]);
        Assert.StartsWith($"m3|ham|0.7|", lines[2]);
        Assert.Equal(3L, await _postgres!.ScalarAsync("SELECT count(*) FROM model_predictions"));
    }

    [SkippableFact]
    public async Task An_unknown_id_or_class_rejects_the_whole_batch_with_sqlites_messages()
    {
        ScaleOut.RequirePostgres();
        await BothAsync(s => s.AddPredictionsAsync(Model, [Predict("a", "spam", 0.9, Day), Predict("b", "ham", 0.6, Day)], CancellationToken.None));
        var before = await PostgresRowsAsync();

        var (sqlite, postgres) = await BothAsync(s => s.AddValidationsAsync(Model,
        [
            new Validation { ItemId = "a", Actual = "ham", ValidatedAt = Day },
            new Validation { ItemId = "nope", Actual = "ham", ValidatedAt = Day },
            new Validation { ItemId = "b", Actual = "spam", ValidatedAt = Day },
            new Validation { ItemId = "nope", Actual = "spam", ValidatedAt = Day },
        ], CancellationToken.None));
        Assert.Equal(sqlite, postgres);
        Assert.Contains("no prediction has id 'nope' in model 'Spam'; send the prediction first", postgres);
        Assert.Contains("\"Index\":1", postgres);
        Assert.Contains("\"Index\":3", postgres);
        // Nothing of the batch stayed: a and b are not validated, the model's version did not move.
        Assert.Equal(before, await PostgresRowsAsync());

        var classes = await BothAsync(s => s.AddPredictionsAsync(Model, [Predict("c", "eggs", null, Day)], CancellationToken.None));
        Assert.Equal(classes.Sqlite, classes.Postgres);
        Assert.Contains("'predicted': 'eggs' is not one of the classes of model 'Spam' (spam, ham)", classes.Postgres);
        var unknown = await BothAsync(s => s.AddPredictionsAsync("nobody", [Predict("c", "spam", null, Day)], CancellationToken.None));
        Assert.Equal(unknown.Sqlite, unknown.Postgres);
        Assert.StartsWith(nameof(UnknownModelException), unknown.Postgres);
        Assert.Equal(before, await PostgresRowsAsync());
    }

    [SkippableFact]
    public async Task A_batch_larger_than_one_statement_is_stored_whole()
    {
        ScaleOut.RequirePostgres();
        var many = Enumerable.Range(0, PostgresPredictionStore.RowsPerStatement * 2 + 17)
            .Select(i => Predict($"item-{i:D6}", i % 3 == 0 ? "spam" : "ham", i % 100 / 100.0, Day.AddSeconds(i))).ToList();
        Assert.Equal(many.Count, await _postgres!.Get<IPredictionIngestor>().AddPredictionsAsync(Model, many, CancellationToken.None));
        Assert.Equal((long)many.Count, await _postgres.ScalarAsync("SELECT count(*) FROM model_predictions"));
        var validated = many.Select(p => new Validation { ItemId = p.ItemId, Actual = "spam", ValidatedAt = Day }).ToList();
        Assert.Equal(many.Count, await _postgres.Get<IPredictionIngestor>().AddValidationsAsync(Model, validated, CancellationToken.None));
        Assert.Equal((long)many.Count, await _postgres.ScalarAsync("SELECT count(*) FROM model_predictions WHERE actual = 'spam'"));
    }

    [SkippableFact]
    public async Task The_job_store_tallies_days_counts_classes_and_samples_as_sqlites()
    {
        ScaleOut.RequirePostgres();
        // Three days; ids in order, so both stores number the rows alike. Every other one validated.
        var predictions = Enumerable.Range(0, 30).Select(i => Predict($"p{i:D2}", i % 3 == 0 ? "spam" : "ham", i % 4 == 0 ? null : 0.5 + i / 100.0,
            Day.AddDays(i / 10).AddMinutes(i), actual: i % 2 == 0 ? (i % 5 == 0 ? "ham" : "spam") : null)).ToList();
        await BothAsync(s => s.AddPredictionsAsync(Model, predictions, CancellationToken.None));
        var sqlite = _sqlite!.Get<IModelJobStore>();
        var postgres = _postgres!.Get<IModelJobStore>();
        Assert.IsType<PostgresModelJobStore>(postgres);

        var id = Assert.Single(await postgres.ModelsWithNewDataAsync(CancellationToken.None));
        Assert.Equal(id, (long)(await _postgres.ScalarAsync("SELECT id FROM models"))!);
        Assert.Empty(await postgres.ModelsWithDriftPendingAsync(CancellationToken.None));
        var sqliteId = Assert.Single(await sqlite.ModelsWithNewDataAsync(CancellationToken.None));

        Assert.Equal(3, await postgres.RecomputeDailyCountsAsync(id, Day.AddDays(5), CancellationToken.None));
        Assert.Equal(3, await sqlite.RecomputeDailyCountsAsync(sqliteId, Day.AddDays(5), CancellationToken.None));
        Assert.Null(await postgres.RecomputeDailyCountsAsync(id + 1000, Day, CancellationToken.None));
        Assert.Empty(await postgres.ModelsWithNewDataAsync(CancellationToken.None));
        const string Counts = "SELECT day, predicted, actual, count, confidence_sum, confidence_count FROM model_daily_counts ORDER BY day, predicted, actual";
        Assert.Equal(await TableAsync(_sqlite, Counts), await TableAsync(_postgres, Counts));
        // Day 1 (p00-p09): spam predicted for p00, p03, p06, p09, of which p00 and p06 validated (ham, spam).
        Assert.Equal(4L, await _postgres.ScalarAsync($"SELECT sum(count)::bigint FROM model_daily_counts WHERE day = {Day.UtcDateTime.Date.Ticks} AND predicted = 'spam'"));

        var (from, to) = (Day, Day.AddDays(2));
        Assert.Equal(sqlite.ClassCounts(sqliteId, DriftClassColumn.Predicted, from, to), postgres.ClassCounts(id, DriftClassColumn.Predicted, from, to));
        Assert.Equal(sqlite.ClassCounts(sqliteId, DriftClassColumn.Actual, from, to), postgres.ClassCounts(id, DriftClassColumn.Actual, from, to));
        Assert.Equal(new Dictionary<string, long> { ["spam"] = 7, ["ham"] = 13 }, postgres.ClassCounts(id, DriftClassColumn.Predicted, from, to));

        var whole = postgres.Sample(id, from, to, 1000);
        Assert.Equal(sqlite.Sample(sqliteId, from, to, 1000).Confidences.Order(), whole.Confidences.Order());
        Assert.Equal(15, whole.Confidences.Count); // p00-p19 but the 5 without a confidence
        var thinned = postgres.Sample(id, from, to, 5);
        Assert.Equal(sqlite.Sample(sqliteId, from, to, 5).Confidences.Order(), thinned.Confidences.Order());
        Assert.InRange(thinned.Confidences.Count, 1, 5);

        await _postgres.Get<IModelCatalog>().SetReferenceAsync(Model, ModelReference.Training(new Dictionary<string, long> { ["spam"] = 5, ["ham"] = 5 }), CancellationToken.None);
        Assert.Equal([id], await postgres.ModelsWithDriftPendingAsync(CancellationToken.None));
    }

    private async Task<string> TableAsync(object store, string sql)
    {
        if (store is PostgresTestStore)
        {
            await using var connection = new NpgsqlConnection(_postgres!.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return await ReadRowsAsync(await command.ExecuteReaderAsync());
        }
        await using var sqlite = new SqliteConnection($"Data Source={_directory.File("store.db")};Pooling=False");
        await sqlite.OpenAsync();
        await using var read = sqlite.CreateCommand();
        read.CommandText = sql;
        return await ReadRowsAsync(await read.ExecuteReaderAsync());
    }
}

using System.Text;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Writes predictions and validations with raw SQL in one transaction per call: multi-row upserts for predictions
/// (EF change tracking would cost more than the inserts), a prepared update per validation. Each call also moves the
/// model's data version, which tells the metrics job to recompute it.
/// </summary>
internal sealed class SqlitePredictionStore(
    SqliteDatabase database,
    ModelRecordReader records,
    ModelFileReader files,
    IOptions<ModelOptions> options) : IPredictionIngestor
{
    // SQLite's cost is mostly per statement, not per row (10 parameters a row, well under SQLite's limit).
    private const int RowsPerStatement = 64;
    private const string UpsertPrefix =
        "INSERT INTO model_predictions (model_id, item_id, predicted, confidence, probabilities, features, timestamp, trained, logged, actual, validated_at) VALUES ";
    private const string UpsertSuffix =
        " ON CONFLICT (model_id, item_id) DO UPDATE SET predicted = excluded.predicted, confidence = excluded.confidence, " +
        "probabilities = excluded.probabilities, features = excluded.features, timestamp = excluded.timestamp, " +
        "trained = excluded.trained, logged = excluded.logged, " +
        // A retried prediction keeps the validation it already has, unless it brings its own.
        "actual = COALESCE(excluded.actual, model_predictions.actual), " +
        "validated_at = CASE WHEN excluded.actual IS NULL THEN model_predictions.validated_at ELSE excluded.validated_at END";
    private static readonly SqliteType[] ColumnTypes =
    [
        SqliteType.Text, SqliteType.Text, SqliteType.Real, SqliteType.Text, SqliteType.Text,
        SqliteType.Integer, SqliteType.Integer, SqliteType.Integer, SqliteType.Text, SqliteType.Integer,
    ];

    private const string ValidateSql =
        "UPDATE model_predictions SET actual = @actual, validated_at = @at WHERE model_id = @m AND item_id = @id";
    private const string TouchModelSql =
        "UPDATE models SET data_version = data_version + 1, last_prediction_at = CASE WHEN @last IS NULL THEN last_prediction_at " +
        "ELSE max(COALESCE(last_prediction_at, 0), @last) END WHERE id = @m";

    public async Task<int> AddPredictionsAsync(string model, IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        await using var connection = await database.OpenAsync(cancellationToken);
        var (modelId, classes) = Lookup(connection, model);
        if (predictions.Count == 0) return 0;

        PredictionRules.CheckClasses(predictions, classes, model);
        var rows = PredictionRules.LastPerId(predictions);

        Write(connection, () =>
        {
            using var full = UpsertCommand(connection, RowsPerStatement);
            var next = 0;
            for (; next + RowsPerStatement <= rows.Count; next += RowsPerStatement)
            {
                Bind(full, modelId, rows, next, RowsPerStatement);
                full.ExecuteNonQuery();
            }
            if (next < rows.Count)
            {
                using var tail = UpsertCommand(connection, rows.Count - next);
                Bind(tail, modelId, rows, next, rows.Count - next);
                tail.ExecuteNonQuery();
            }
            Touch(connection, modelId, rows.Max(p => p.Timestamp.UtcTicks));
        });
        return rows.Count;
    }

    public async Task<int> AddValidationsAsync(string model, IReadOnlyList<Validation> validations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validations);
        await using var connection = await database.OpenAsync(cancellationToken);
        var (modelId, classes) = Lookup(connection, model);
        if (validations.Count == 0) return 0;

        PredictionRules.CheckClasses(validations, classes, model);

        var errors = new ErrorList();
        Write(connection, () =>
        {
            using var update = connection.CreateCommand();
            update.CommandText = ValidateSql;
            var actual = update.Parameters.Add("@actual", SqliteType.Text);
            var at = update.Parameters.Add("@at", SqliteType.Integer);
            update.Parameters.AddWithValue("@m", modelId);
            var id = update.Parameters.Add("@id", SqliteType.Text);
            update.Prepare();
            for (var i = 0; i < validations.Count; i++)
            {
                (actual.Value, at.Value, id.Value) = (validations[i].Actual, validations[i].ValidatedAt.UtcTicks, validations[i].ItemId);
                if (update.ExecuteNonQuery() == 0) errors.Add(PredictionRules.UnknownPrediction(i, validations[i].ItemId, model));
            }
            // Inside the transaction: throwing rolls back the rows already updated.
            errors.ThrowIfAny("The batch of validations");
            Touch(connection, modelId, null);
        });
        return validations.Count;
    }

    public async Task<ModelUploadResult> UploadAsync(string model, ModelUploadKind kind, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await using (var connection = await database.OpenAsync(cancellationToken)) Lookup(connection, model);
        return await PredictionRules.UploadAsync(model, kind, fileName, content, records, files, options.Value.MaxUploadBytes,
            read => AddPredictionsAsync(model, read, cancellationToken), read => AddValidationsAsync(model, read, cancellationToken), cancellationToken);
    }

    private static (long Id, HashSet<string> Classes) Lookup(SqliteConnection connection, string model)
    {
        if (!ModelLimits.IsValidName(model)) throw new UnknownModelException(model);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, classes FROM models WHERE name = @name";
        command.Parameters.AddWithValue("@name", model);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) throw new UnknownModelException(model);
        var classes = reader.IsDBNull(1) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? [];
        return (reader.GetInt64(0), new HashSet<string>(classes, StringComparer.Ordinal));
    }

    private static void Write(SqliteConnection connection, Action write)
    {
        SqliteTransaction transaction;
        try
        {
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is 5 or 6)
        {
            throw new IngestUnavailableException("The database stayed busy; nothing was stored. Retry shortly.", error);
        }
        using (transaction)
        {
            write();
            transaction.Commit();
        }
    }

    private static void Touch(SqliteConnection connection, long modelId, long? lastTimestamp)
    {
        using var command = connection.CreateCommand();
        command.CommandText = TouchModelSql;
        command.Parameters.AddWithValue("@m", modelId);
        command.Parameters.AddWithValue("@last", (object?)lastTimestamp ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand UpsertCommand(SqliteConnection connection, int rows)
    {
        var sql = new StringBuilder(UpsertPrefix, UpsertPrefix.Length + rows * 64 + UpsertSuffix.Length);
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(',');
            sql.Append("(@m");
            for (var c = 0; c < 10; c++) sql.Append(",@p").Append(r * 10 + c);
            sql.Append(')');
        }
        sql.Append(UpsertSuffix);
        var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.Parameters.Add("@m", SqliteType.Integer);
        for (var i = 0; i < rows * 10; i++) command.Parameters.Add("@p" + i, ColumnTypes[i % 10]);
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, long modelId, IReadOnlyList<Prediction> rows, int first, int count)
    {
        var parameters = command.Parameters;
        parameters[0].Value = modelId;
        for (var r = 0; r < count; r++)
        {
            var p = rows[first + r];
            var at = 1 + r * 10;
            parameters[at].Value = p.ItemId;
            parameters[at + 1].Value = p.Predicted;
            parameters[at + 2].Value = p.Confidence is { } confidence ? confidence : DBNull.Value;
            parameters[at + 3].Value = p.Probabilities is { } probabilities ? JsonSerializer.Serialize(probabilities) : DBNull.Value;
            parameters[at + 4].Value = (object?)p.FeaturesJson ?? DBNull.Value;
            parameters[at + 5].Value = p.Timestamp.UtcTicks;
            parameters[at + 6].Value = p.Trained ? 1L : 0L;
            parameters[at + 7].Value = p.Logged ? 1L : 0L;
            parameters[at + 8].Value = (object?)p.Actual ?? DBNull.Value;
            parameters[at + 9].Value = p.Actual is null ? DBNull.Value : (p.ValidatedAt ?? p.Timestamp).UtcTicks;
        }
    }
}

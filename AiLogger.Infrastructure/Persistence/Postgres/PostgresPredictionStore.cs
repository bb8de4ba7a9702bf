using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.ModelMonitoring;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Writes predictions and validations in one transaction per call, as SQLite's store does: predictions as upserts of
/// whole arrays (<c>unnest</c>, one statement per chunk), validations as one update per chunk that returns the ids it
/// found, so an unknown id rejects the batch naming it. Each call also moves the model's data version, which tells the
/// metrics job to recompute it. Rows go in id order, so concurrent batches lock shared ids in one order (no deadlock).
/// </summary>
internal sealed class PostgresPredictionStore(
    PostgresDatabase database,
    ModelRecordReader records,
    ModelFileReader files,
    IOptions<ModelOptions> options) : IPredictionIngestor
{
    /// <summary>Rows per statement: bounds the arrays sent at once, whatever the batch.</summary>
    internal const int RowsPerStatement = 5_000;

    private const string UpsertSql =
        "INSERT INTO model_predictions (model_id, item_id, predicted, confidence, probabilities, features, timestamp, trained, logged, actual, validated_at) " +
        "SELECT @m, u.* FROM unnest(@item, @predicted, @confidence, @probabilities, @features, @timestamp, @trained, @logged, @actual, @validated) AS u " +
        "ON CONFLICT (model_id, item_id) DO UPDATE SET predicted = excluded.predicted, confidence = excluded.confidence, " +
        "probabilities = excluded.probabilities, features = excluded.features, timestamp = excluded.timestamp, " +
        "trained = excluded.trained, logged = excluded.logged, " +
        // A retried prediction keeps the validation it already has, unless it brings its own.
        "actual = COALESCE(excluded.actual, model_predictions.actual), " +
        "validated_at = CASE WHEN excluded.actual IS NULL THEN model_predictions.validated_at ELSE excluded.validated_at END";

    private const string ValidateSql =
        "UPDATE model_predictions AS p SET actual = u.actual, validated_at = u.at FROM unnest(@item, @actual, @at) AS u(item, actual, at) " +
        "WHERE p.model_id = @m AND p.item_id = u.item RETURNING p.item_id";

    private const string TouchModelSql =
        "UPDATE models SET data_version = data_version + 1, last_prediction_at = CASE WHEN @last::bigint IS NULL THEN last_prediction_at " +
        "ELSE GREATEST(COALESCE(last_prediction_at, 0), @last::bigint) END WHERE id = @m";

    public async Task<int> AddPredictionsAsync(string model, IReadOnlyList<Prediction> predictions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return await WriteAsync(async connection =>
        {
            var (modelId, classes) = await LookupAsync(connection, model, cancellationToken);
            if (predictions.Count == 0) return 0;
            PredictionRules.CheckClasses(predictions, classes, model);
            var rows = PredictionRules.LastPerId(predictions).OrderBy(p => p.ItemId, StringComparer.Ordinal).ToList();

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                await using var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
                upsert.Parameters.AddWithValue("m", modelId);
                upsert.Parameters.Add(Array("item", NpgsqlDbType.Text, chunk.Select(p => p.ItemId).ToArray()));
                upsert.Parameters.Add(Array("predicted", NpgsqlDbType.Text, chunk.Select(p => p.Predicted).ToArray()));
                upsert.Parameters.Add(Array("confidence", NpgsqlDbType.Double, chunk.Select(p => p.Confidence).ToArray()));
                upsert.Parameters.Add(Array("probabilities", NpgsqlDbType.Text,
                    chunk.Select(p => p.Probabilities is { } probabilities ? JsonSerializer.Serialize(probabilities) : null).ToArray()));
                upsert.Parameters.Add(Array("features", NpgsqlDbType.Text, chunk.Select(p => p.FeaturesJson).ToArray()));
                upsert.Parameters.Add(Array("timestamp", NpgsqlDbType.Bigint, chunk.Select(p => p.Timestamp.UtcTicks).ToArray()));
                upsert.Parameters.Add(Array("trained", NpgsqlDbType.Boolean, chunk.Select(p => p.Trained).ToArray()));
                upsert.Parameters.Add(Array("logged", NpgsqlDbType.Boolean, chunk.Select(p => p.Logged).ToArray()));
                upsert.Parameters.Add(Array("actual", NpgsqlDbType.Text, chunk.Select(p => p.Actual).ToArray()));
                upsert.Parameters.Add(Array("validated", NpgsqlDbType.Bigint,
                    chunk.Select(p => p.Actual is null ? null : (long?)(p.ValidatedAt ?? p.Timestamp).UtcTicks).ToArray()));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await TouchAsync(connection, transaction, modelId, rows.Max(p => p.Timestamp.UtcTicks), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return rows.Count;
        }, cancellationToken);
    }

    public async Task<int> AddValidationsAsync(string model, IReadOnlyList<Validation> validations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validations);
        return await WriteAsync(async connection =>
        {
            var (modelId, classes) = await LookupAsync(connection, model, cancellationToken);
            if (validations.Count == 0) return 0;
            PredictionRules.CheckClasses(validations, classes, model);

            // One update per id: of several validations of one id the last wins, as one request after another would.
            var last = new Dictionary<string, Validation>(validations.Count, StringComparer.Ordinal);
            foreach (var validation in validations) last[validation.ItemId] = validation;
            var found = new HashSet<string>(StringComparer.Ordinal);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in last.Values.OrderBy(v => v.ItemId, StringComparer.Ordinal).Chunk(RowsPerStatement))
            {
                await using var update = new NpgsqlCommand(ValidateSql, connection, transaction);
                update.Parameters.AddWithValue("m", modelId);
                update.Parameters.Add(Array("item", NpgsqlDbType.Text, chunk.Select(v => v.ItemId).ToArray()));
                update.Parameters.Add(Array("actual", NpgsqlDbType.Text, chunk.Select(v => v.Actual).ToArray()));
                update.Parameters.Add(Array("at", NpgsqlDbType.Bigint, chunk.Select(v => v.ValidatedAt.UtcTicks).ToArray()));
                await using var reader = await update.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
            }
            var errors = new ErrorList();
            for (var i = 0; i < validations.Count; i++)
                if (!found.Contains(validations[i].ItemId)) errors.Add(PredictionRules.UnknownPrediction(i, validations[i].ItemId, model));
            // Before the commit: the transaction is rolled back with the rows already updated.
            errors.ThrowIfAny("The batch of validations");
            await TouchAsync(connection, transaction, modelId, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return validations.Count;
        }, cancellationToken);
    }

    public async Task<ModelUploadResult> UploadAsync(string model, ModelUploadKind kind, string? fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        await WriteAsync(connection => LookupAsync(connection, model, cancellationToken), cancellationToken);
        return await PredictionRules.UploadAsync(model, kind, fileName, content, records, files, options.Value.MaxUploadBytes,
            read => AddPredictionsAsync(model, read, cancellationToken), read => AddValidationsAsync(model, read, cancellationToken), cancellationToken);
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) => new(name, NpgsqlDbType.Array | type) { Value = values };

    private static async Task<(long Id, HashSet<string> Classes)> LookupAsync(NpgsqlConnection connection, string model, CancellationToken cancellationToken)
    {
        if (!ModelLimits.IsValidName(model)) throw new UnknownModelException(model);
        await using var command = new NpgsqlCommand("SELECT id, classes FROM models WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) throw new UnknownModelException(model);
        var classes = reader.IsDBNull(1) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? [];
        return (reader.GetInt64(0), new HashSet<string>(classes, StringComparer.Ordinal));
    }

    /// <summary>A write on its own connection; a server that is unreachable, overloaded or caught in a deadlock is a 503 to retry.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await write(connection);
        }
        catch (NpgsqlException error) when (error.IsTransient && !cancellationToken.IsCancellationRequested)
        {
            throw new IngestUnavailableException($"PostgreSQL could not take the batch just now ({error.Message}); nothing was stored. Retry shortly.", error);
        }
    }

    private static async Task TouchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long modelId, long? lastTimestamp, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(TouchModelSql, connection, transaction);
        command.Parameters.AddWithValue("m", modelId);
        command.Parameters.Add(new NpgsqlParameter("last", NpgsqlDbType.Bigint) { Value = (object?)lastTimestamp ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

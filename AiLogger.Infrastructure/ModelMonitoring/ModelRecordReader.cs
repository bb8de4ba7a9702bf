using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// Reads predictions and validations from JSON (an API body, a JSON Lines line) or a CSV row, checking every value
/// that can be checked without the model (types, confidence and probabilities in [0, 1], timestamps). Class
/// membership and prediction ids are checked by <see cref="Persistence.Sqlite.SqlitePredictionStore"/>.
/// </summary>
public sealed class ModelRecordReader(TimeProvider time)
{
    /// <summary>One object or an array of them.</summary>
    /// <exception cref="ModelIngestException">Any bad record; errors carry array indexes.</exception>
    public IReadOnlyList<Prediction> ReadPredictions(JsonElement root) => ReadAll(root, "predictions", ReadPrediction);

    /// <inheritdoc cref="ReadPredictions"/>
    public IReadOnlyList<Validation> ReadValidations(JsonElement root) => ReadAll(root, "validations", ReadValidation);

    public DateTimeOffset Now() => time.GetUtcNow();

    private IReadOnlyList<T> ReadAll<T>(JsonElement root, string what, Func<JsonElement, DateTimeOffset, Outcome<T>> read)
    {
        var now = time.GetUtcNow();
        if (root.ValueKind == JsonValueKind.Object)
        {
            var one = read(root, now);
            if (one.Error is not null) throw new ModelIngestException([new ModelIngestError { Id = one.Id, Message = one.Error }], 1, $"The {what[..^1]}");
            return [one.Value!];
        }
        if (root.ValueKind != JsonValueKind.Array)
            throw new IngestFormatException($"Send one JSON object or an array of objects, not {JsonEventFields.Describe(root.ValueKind)}.");
        var records = new List<T>(root.GetArrayLength());
        var errors = new ErrorList();
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var outcome = read(item, now);
            if (outcome.Error is null) records.Add(outcome.Value!);
            else errors.Add(new ModelIngestError { Index = index, Id = outcome.Id, Message = outcome.Error });
            index++;
        }
        errors.ThrowIfAny($"The batch of {what}");
        return records;
    }

    internal Outcome<Prediction> ReadPrediction(JsonElement item, DateTimeOffset now)
    {
        if (item.ValueKind != JsonValueKind.Object) return Outcome<Prediction>.Fail(null, $"expected a JSON object, found {JsonEventFields.Describe(item.ValueKind)}");
        var fields = new Dictionary<string[], JsonElement>();
        foreach (var property in item.EnumerateObject())
        {
            var field = ModelFields.Find(ModelFields.PredictionFields, property.Name);
            if (field is null)
                return Outcome<Prediction>.Fail(null, $"unknown field '{property.Name}' (a prediction has {ModelFields.PredictionFieldList}; put model inputs in 'features')");
            if (!fields.TryAdd(field, property.Value)) return Outcome<Prediction>.Fail(null, $"'{field[0]}' is given twice");
        }

        if (ClassText(fields, ModelFields.Id, out var id) is { } idError) return Outcome<Prediction>.Fail(null, idError);
        if (id is null) return Outcome<Prediction>.Fail(null, "'id' is required (the item predicted on, such as a file name)");
        if (id.Length > ModelLimits.MaxItemIdLength) return Outcome<Prediction>.Fail(null, $"'id' must be at most {ModelLimits.MaxItemIdLength} characters");
        if (ClassText(fields, ModelFields.Predicted, out var predicted) is { } predictedError) return Outcome<Prediction>.Fail(id, predictedError);
        if (predicted is null) return Outcome<Prediction>.Fail(id, "'predicted' is required (the predicted class)");
        if (ModelLimits.CheckClass(predicted) is { } badClass) return Outcome<Prediction>.Fail(id, $"'predicted': {badClass}");

        double? confidence = null;
        if (Present(fields, ModelFields.Confidence, out var c))
        {
            if (c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out var value))
                return Outcome<Prediction>.Fail(id, $"'confidence' must be a number in [0, 1], not {JsonEventFields.Describe(c.ValueKind)}");
            if (CheckShare(value) is { } error) return Outcome<Prediction>.Fail(id, $"'confidence' {error}");
            confidence = value;
        }

        Dictionary<string, double>? probabilities = null;
        if (Present(fields, ModelFields.Probabilities, out var p))
        {
            if (ReadProbabilities(p, out probabilities) is { } error) return Outcome<Prediction>.Fail(id, error);
            if (confidence is null && probabilities!.TryGetValue(predicted, out var own)) confidence = own;
        }

        string? features = null;
        if (Present(fields, ModelFields.Features, out var f))
        {
            if (f.ValueKind != JsonValueKind.Object) return Outcome<Prediction>.Fail(id, $"'features' must be a JSON object, not {JsonEventFields.Describe(f.ValueKind)}");
            features = f.GetRawText();
            if (Encoding.UTF8.GetByteCount(features) > ModelLimits.MaxJsonFieldBytes)
                return Outcome<Prediction>.Fail(id, $"'features' is larger than {ModelLimits.MaxJsonFieldBytes:N0} bytes");
        }

        var timestamp = now;
        if (Present(fields, ModelFields.Timestamp, out var t) && !JsonEventFields.TryReadTimestamp(t, out timestamp))
            return Outcome<Prediction>.Fail(id, $"'timestamp' must be an ISO 8601 time or a Unix time, not {t.GetRawText()}");

        if (Flag(fields, ModelFields.Trained, out var trained) is { } trainedError) return Outcome<Prediction>.Fail(id, trainedError);
        if (Flag(fields, ModelFields.Logged, out var logged) is { } loggedError) return Outcome<Prediction>.Fail(id, loggedError);
        if (ReadVerdict(fields, now, required: false, out var actual, out var validatedAt) is { } verdictError) return Outcome<Prediction>.Fail(id, verdictError);

        return Outcome<Prediction>.Ok(new Prediction
        {
            ItemId = id,
            Predicted = predicted,
            Confidence = confidence,
            Probabilities = probabilities,
            FeaturesJson = features,
            Timestamp = timestamp,
            Trained = trained,
            Logged = logged,
            Actual = actual,
            ValidatedAt = validatedAt,
        });
    }

    internal Outcome<Validation> ReadValidation(JsonElement item, DateTimeOffset now)
    {
        if (item.ValueKind != JsonValueKind.Object) return Outcome<Validation>.Fail(null, $"expected a JSON object, found {JsonEventFields.Describe(item.ValueKind)}");
        var fields = new Dictionary<string[], JsonElement>();
        foreach (var property in item.EnumerateObject())
        {
            var field = ModelFields.Find(ModelFields.ValidationFields, property.Name);
            if (field is null) return Outcome<Validation>.Fail(null, $"unknown field '{property.Name}' (a validation has {ModelFields.ValidationFieldList})");
            if (!fields.TryAdd(field, property.Value)) return Outcome<Validation>.Fail(null, $"'{field[0]}' is given twice");
        }
        if (ClassText(fields, ModelFields.Id, out var id) is { } idError) return Outcome<Validation>.Fail(null, idError);
        if (id is null) return Outcome<Validation>.Fail(null, "'id' is required (the id of the prediction validated)");
        if (ReadVerdict(fields, now, required: true, out var actual, out var validatedAt) is { } error) return Outcome<Validation>.Fail(id, error);
        return Outcome<Validation>.Ok(new Validation { ItemId = id, Actual = actual!, ValidatedAt = validatedAt!.Value });
    }

    /// <summary>A CSV row of predictions: the known columns by name, every other column a feature.</summary>
    internal Outcome<Prediction> ReadPrediction(CsvRecord row, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var features = new List<(string Name, string Value)>();
            for (var i = 0; i < row.Header.Count; i++)
            {
                var value = row.Values[i];
                if (value.Length == 0) continue;
                var field = ModelFields.Find(ModelFields.PredictionFields, row.Header[i]);
                if (field is null)
                {
                    features.Add((row.Header[i], value));
                    continue;
                }
                writer.WritePropertyName(field[0]);
                if (field == ModelFields.Confidence) WriteNumberOrText(writer, value);
                else if (field == ModelFields.Trained || field == ModelFields.Logged) WriteFlag(writer, value);
                else if (field == ModelFields.Timestamp || field == ModelFields.ValidatedAt) WriteTime(writer, value);
                else if (field == ModelFields.Probabilities || field == ModelFields.Features)
                {
                    if (!TryWriteJson(writer, value))
                        return Outcome<Prediction>.Fail(CellOf(row, ModelFields.Id), $"'{field[0]}' must hold a JSON object, such as {{\"cat\": 0.9}}");
                }
                else writer.WriteStringValue(value);
            }
            if (features.Count > 0)
            {
                if (row.Header.Any(h => ModelFields.Find([ModelFields.Features], h) is not null))
                    return Outcome<Prediction>.Fail(CellOf(row, ModelFields.Id), $"column '{features[0].Name}' is not a prediction field, and the file already has a 'features' column");
                writer.WritePropertyName(ModelFields.Features[0]);
                writer.WriteStartObject();
                foreach (var (name, value) in features)
                {
                    writer.WritePropertyName(name);
                    WriteFeatureValue(writer, value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return ReadPrediction(document.RootElement, now);
    }

    /// <summary>A CSV row of validations (columns id, actual, validatedAt; others are refused).</summary>
    internal Outcome<Validation> ReadValidation(CsvRecord row, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < row.Header.Count; i++)
            {
                if (row.Values[i].Length == 0) continue;
                var field = ModelFields.Find(ModelFields.ValidationFields, row.Header[i]);
                writer.WritePropertyName(field?[0] ?? row.Header[i]);
                if (field == ModelFields.ValidatedAt) WriteTime(writer, row.Values[i]);
                else writer.WriteStringValue(row.Values[i]);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return ReadValidation(document.RootElement, now);
    }

    private static string? ReadVerdict(Dictionary<string[], JsonElement> fields, DateTimeOffset now, bool required, out string? actual, out DateTimeOffset? validatedAt)
    {
        validatedAt = null;
        if (ClassText(fields, ModelFields.Actual, out actual) is { } error) return error;
        if (actual is null)
        {
            if (required) return "'actual' is required (the true class)";
            return Present(fields, ModelFields.ValidatedAt, out _) ? "'validatedAt' is given without 'actual'" : null;
        }
        if (ModelLimits.CheckClass(actual) is { } badClass) return $"'actual': {badClass}";
        validatedAt = now;
        if (Present(fields, ModelFields.ValidatedAt, out var v))
        {
            if (!JsonEventFields.TryReadTimestamp(v, out var at)) return $"'validatedAt' must be an ISO 8601 time or a Unix time, not {v.GetRawText()}";
            validatedAt = at;
        }
        return null;
    }

    private static string? ReadProbabilities(JsonElement p, out Dictionary<string, double>? probabilities)
    {
        probabilities = null;
        if (p.ValueKind != JsonValueKind.Object) return $"'probabilities' must be an object of class → probability, not {JsonEventFields.Describe(p.ValueKind)}";
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in p.EnumerateObject())
        {
            if (ModelLimits.CheckClass(entry.Name) is { } badClass) return $"'probabilities': {badClass}";
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out var value))
                return $"'probabilities.{entry.Name}' must be a number in [0, 1], not {JsonEventFields.Describe(entry.Value.ValueKind)}";
            if (CheckShare(value) is { } error) return $"'probabilities.{entry.Name}' {error}";
            if (!result.TryAdd(entry.Name, value)) return $"'probabilities' names class '{entry.Name}' twice";
            if (result.Count > ModelLimits.MaxClasses) return $"'probabilities' has more than {ModelLimits.MaxClasses} classes";
        }
        probabilities = result;
        return null;
    }

    private static string? CheckShare(double value) =>
        double.IsFinite(value) && value is >= 0 and <= 1 ? null : $"must lie in [0, 1], not {value.ToString(CultureInfo.InvariantCulture)}";

    private static bool Present(Dictionary<string[], JsonElement> fields, string[] field, out JsonElement value) =>
        fields.TryGetValue(field, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A string, or an integer written as a number (class 3, id 1042), as text.</summary>
    private static string? ClassText(Dictionary<string[], JsonElement> fields, string[] field, out string? text)
    {
        text = null;
        if (!Present(fields, field, out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString();
                return null;
            case JsonValueKind.Number when value.TryGetInt64(out var number):
                text = number.ToString(CultureInfo.InvariantCulture);
                return null;
            default:
                return $"'{field[0]}' must be a string or an integer, not {JsonEventFields.Describe(value.ValueKind)}";
        }
    }

    private static string? Flag(Dictionary<string[], JsonElement> fields, string[] field, out bool flag)
    {
        flag = false;
        if (!Present(fields, field, out var value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.True: flag = true; return null;
            case JsonValueKind.False: return null;
            case JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1: flag = n == 1; return null;
            default: return $"'{field[0]}' must be true or false, not {value.GetRawText()}";
        }
    }

    private static string? CellOf(CsvRecord row, string[] field)
    {
        for (var i = 0; i < row.Header.Count; i++)
            if (field.Contains(row.Header[i], StringComparer.OrdinalIgnoreCase) && row.Values[i].Length > 0) return row.Values[i];
        return null;
    }

    private static void WriteNumberOrText(Utf8JsonWriter writer, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value);
    }

    private static void WriteFlag(Utf8JsonWriter writer, string value)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes": writer.WriteBooleanValue(true); break;
            case "false" or "0" or "no": writer.WriteBooleanValue(false); break;
            default: writer.WriteStringValue(value); break;
        }
    }

    private static void WriteTime(Utf8JsonWriter writer, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value);
    }

    private static void WriteFeatureValue(Utf8JsonWriter writer, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) writer.WriteNumberValue(number);
        else if (bool.TryParse(value, out var flag)) writer.WriteBooleanValue(flag);
        else writer.WriteStringValue(value);
    }

    private static bool TryWriteJson(Utf8JsonWriter writer, string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            document.RootElement.WriteTo(writer);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

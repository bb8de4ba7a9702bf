using AiLogger.Domain.Ingest;
using AiLogger.Domain.ModelMonitoring;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>What every provider's prediction store checks the same way, with the same messages: classes, ids, uploads.</summary>
internal static class PredictionRules
{
    /// <summary>Rejects the whole batch when a prediction names a class the model does not have.</summary>
    public static void CheckClasses(IReadOnlyList<Prediction> predictions, HashSet<string> classes, string model)
    {
        if (classes.Count == 0) return;
        var errors = new ErrorList();
        for (var i = 0; i < predictions.Count; i++)
            if (UnknownClass(predictions[i], classes, model) is { } message)
                errors.Add(new ModelIngestError { Index = i, Id = predictions[i].ItemId, Message = message });
        errors.ThrowIfAny("The batch of predictions");
    }

    /// <summary>Rejects the whole batch when a validation names a class the model does not have.</summary>
    public static void CheckClasses(IReadOnlyList<Validation> validations, HashSet<string> classes, string model)
    {
        if (classes.Count == 0) return;
        var errors = new ErrorList();
        for (var i = 0; i < validations.Count; i++)
            if (!classes.Contains(validations[i].Actual))
                errors.Add(new ModelIngestError { Index = i, Id = validations[i].ItemId, Message = NotAClass("actual", validations[i].Actual, classes, model) });
        errors.ThrowIfAny("The batch of validations");
    }

    /// <summary>The last of several records with one id wins, as if they had come one request after another.</summary>
    public static IReadOnlyList<Prediction> LastPerId(IReadOnlyList<Prediction> predictions)
    {
        var last = new Dictionary<string, int>(predictions.Count, StringComparer.Ordinal);
        for (var i = 0; i < predictions.Count; i++) last[predictions[i].ItemId] = i;
        return last.Count == predictions.Count ? predictions : last.Values.Order().Select(i => predictions[i]).ToList();
    }

    public static ModelIngestError UnknownPrediction(int index, string itemId, string model) => new()
    {
        Index = index,
        Id = itemId,
        Message = $"no prediction has id '{itemId}' in model '{model}'; send the prediction first",
    };

    /// <summary>An uploaded file read whole (up to the limit), parsed, and stored; errors name the file's lines.</summary>
    public static async Task<ModelUploadResult> UploadAsync(
        string model, ModelUploadKind kind, string? fileName, Stream content, ModelRecordReader records, ModelFileReader files, long maxBytes,
        Func<IReadOnlyList<Prediction>, Task<int>> addPredictions, Func<IReadOnlyList<Validation>, Task<int>> addValidations, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(content, maxBytes, cancellationToken);
        if (kind == ModelUploadKind.Predictions)
        {
            var (format, read, lines) = files.Read<Prediction>(fileName, bytes, records.ReadPrediction, records.ReadPrediction);
            await StoreAsync(() => addPredictions(read), lines);
            return new ModelUploadResult(format, read.Count);
        }
        else
        {
            var (format, read, lines) = files.Read<Validation>(fileName, bytes, records.ReadValidation, records.ReadValidation);
            await StoreAsync(() => addValidations(read), lines);
            return new ModelUploadResult(format, read.Count);
        }
    }

    private static async Task StoreAsync(Func<Task<int>> store, IReadOnlyList<int>? lines)
    {
        try
        {
            await store();
        }
        catch (ModelIngestException error) when (lines is not null)
        {
            throw error.AtLines(lines, "The file");
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new PayloadTooLargeException($"The file is larger than the limit of {limit:N0} bytes (AiLogger:Models:MaxUploadBytes); split it.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? UnknownClass(Prediction prediction, HashSet<string> classes, string model)
    {
        if (!classes.Contains(prediction.Predicted)) return NotAClass("predicted", prediction.Predicted, classes, model);
        if (prediction.Actual is { } actual && !classes.Contains(actual)) return NotAClass("actual", actual, classes, model);
        if (prediction.Probabilities is { } probabilities)
            foreach (var name in probabilities.Keys)
                if (!classes.Contains(name)) return NotAClass("probabilities", name, classes, model);
        return null;
    }

    private static string NotAClass(string field, string value, HashSet<string> classes, string model)
    {
        var listed = string.Join(", ", classes.Take(12)) + (classes.Count > 12 ? ", …" : "");
        return $"'{field}': '{value}' is not one of the classes of model '{model}' ({listed})";
    }
}

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// Field names of predictions and validations, in JSON and as CSV headers (compared case-insensitively). The
/// aliases are the field names of the monitoring tool AI-Logger replaces (<c>filename</c>, <c>output_prediction</c>,
/// <c>output_confidence</c>, <c>timestamp_validated</c>), so its exports load as they are.
/// </summary>
internal static class ModelFields
{
    public static readonly string[] Id = ["id", "itemId", "item_id", "filename"];
    public static readonly string[] Predicted = ["predicted", "prediction", "output_prediction"];
    public static readonly string[] Confidence = ["confidence", "output_confidence"];
    public static readonly string[] Probabilities = ["probabilities"];
    public static readonly string[] Features = ["features"];
    public static readonly string[] Timestamp = ["timestamp", "ts", "time"];
    public static readonly string[] Trained = ["trained"];
    public static readonly string[] Logged = ["logged"];
    public static readonly string[] Actual = ["actual"];
    public static readonly string[] ValidatedAt = ["validatedAt", "validated_at", "timestamp_validated"];

    public static readonly string[][] PredictionFields = [Id, Predicted, Confidence, Probabilities, Features, Timestamp, Trained, Logged, Actual, ValidatedAt];
    public static readonly string[][] ValidationFields = [Id, Actual, ValidatedAt];

    public const string PredictionFieldList = "id, predicted, confidence, probabilities, features, timestamp, trained, logged, actual, validatedAt";
    public const string ValidationFieldList = "id, actual, validatedAt";

    /// <summary>The canonical name of <paramref name="name"/> among <paramref name="fields"/>, or null.</summary>
    public static string[]? Find(string[][] fields, string name)
    {
        foreach (var field in fields)
            foreach (var alias in field)
                if (string.Equals(alias, name, StringComparison.OrdinalIgnoreCase)) return field;
        return null;
    }
}

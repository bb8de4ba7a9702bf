namespace AiLogger.Domain.Storage;

public static class StorageKinds
{
    public const string Events = "events";
    public const string Predictions = "predictions";
    public const string Alerts = "alerts";
    public const string Spans = "spans";
    public const string Other = "other";
}

namespace AiLogger.Domain.Storage;

/// <summary>What applying a policy would delete now: events per rule (and the default), predictions, resolved alerts.</summary>
public sealed record RetentionPreview(IReadOnlyList<RetentionPreviewLine> Lines, long Events, long Predictions, long Alerts)
{
    /// <summary>Spans that started before the events' cutoff.</summary>
    public long Spans { get; init; }

    public long Total => Events + Spans + Predictions + Alerts;
}

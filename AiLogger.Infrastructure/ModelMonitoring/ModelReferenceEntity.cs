namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>Row of <c>model_references</c>: one reference per model.</summary>
internal sealed class ModelReferenceEntity
{
    public long ModelId { get; set; }

    public required string Kind { get; set; }

    /// <summary>Training class counts as a JSON object; null for a period.</summary>
    public string? ClassCounts { get; set; }

    public DateTimeOffset? From { get; set; }

    public DateTimeOffset? To { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

namespace AiLogger.Domain.ModelMonitoring;

/// <summary>A person's verdict on a stored prediction: its true class.</summary>
public sealed record Validation
{
    /// <summary>Id of the prediction validated; it must exist.</summary>
    public required string ItemId { get; init; }

    public required string Actual { get; init; }

    public required DateTimeOffset ValidatedAt { get; init; }
}

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// Row of <c>models</c>. <see cref="DataVersion"/> moves with every batch of predictions or validations;
/// the metrics job copies it to <see cref="ComputedVersion"/> when it stores the daily counts, so a model whose two
/// versions differ has data the counts do not cover yet.
/// </summary>
internal sealed class ModelEntity
{
    public long Id { get; set; }

    public required string Name { get; set; }

    public string? Version { get; set; }

    public string? Description { get; set; }

    /// <summary>Declared classes as a JSON array; null when none are declared.</summary>
    public string? Classes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public long DataVersion { get; set; }

    public long ComputedVersion { get; set; }

    public DateTimeOffset? LastPredictionAt { get; set; }

    public DateTimeOffset? MetricsComputedAt { get; set; }

    public DateTimeOffset? DriftComputedAt { get; set; }

    /// <summary>The reference changed since the last drift run: the next metrics run also runs drift for this model.</summary>
    public bool DriftPending { get; set; }
}

namespace AiLogger.Domain.Alerts;

/// <summary>
/// One bucket of a preview: <see cref="Count"/> in [<see cref="Start"/>, <see cref="End"/>), and <see cref="Value"/>,
/// the rule's value over the window ending at <see cref="End"/> — what the threshold is compared with.
/// </summary>
public sealed record AlertPreviewPoint(DateTimeOffset Start, DateTimeOffset End, double Count, double? Value)
{
    public bool Above(AlertComparison comparison, double threshold) => Value is { } v && comparison.Holds(v, threshold);
}

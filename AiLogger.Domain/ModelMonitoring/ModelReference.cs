namespace AiLogger.Domain.ModelMonitoring;

/// <summary>
/// What drift is measured against: the training data's class counts, or a production period [<see cref="From"/>, <see cref="To"/>).
/// A period also gives confidence and feature values as reference; training counts only give the class distribution.
/// </summary>
public sealed record ModelReference
{
    /// <summary>One of <see cref="ReferenceKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>
    /// Items per class: as sent for training data; for a period, the predicted classes of its predictions
    /// (filled when read, in the model's class order).
    /// </summary>
    public IReadOnlyDictionary<string, long> ClassCounts { get; init; } = new Dictionary<string, long>();

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public long Total => ClassCounts.Values.Sum();

    public static ModelReference Training(IReadOnlyDictionary<string, long> classCounts) =>
        new() { Kind = ReferenceKinds.Training, ClassCounts = classCounts };

    public static ModelReference Period(DateTimeOffset from, DateTimeOffset to) =>
        new() { Kind = ReferenceKinds.Period, From = from, To = to };
}

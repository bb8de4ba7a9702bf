namespace AiLogger.Domain.Logs;

public sealed record LogAggregate
{
    public required long Total { get; init; }

    public IReadOnlyList<ValueCount> Groups { get; init; } = [];

    public IReadOnlyList<LevelCountBucket> Histogram { get; init; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<ValueCount>> Top { get; init; } = new Dictionary<string, IReadOnlyList<ValueCount>>();
}

namespace AiLogger.Domain.Alerts;

/// <summary>Which alerts to list, newest first.</summary>
public sealed record AlertListFilter
{
    public const int MaxLimit = 500;

    /// <summary><c>firing</c>, <c>resolved</c>, <c>acknowledged</c>, <c>unacknowledged</c>; all when null.</summary>
    public string? State { get; init; }

    public long? RuleId { get; init; }

    /// <summary>Only alerts with a smaller id (the next page).</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = 100;

    public static IReadOnlyList<string> States { get; } = ["firing", "resolved", "acknowledged", "unacknowledged"];
}

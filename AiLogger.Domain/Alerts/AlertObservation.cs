namespace AiLogger.Domain.Alerts;

/// <summary>
/// A rule's value now, per group (key "" for a rule without groups). <see cref="NoData"/> says why there is no value
/// (a model without metrics yet); the rule then keeps its state.
/// </summary>
public sealed record AlertObservation
{
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    public string? NoData { get; init; }

    public static AlertObservation Single(double value) => new() { Values = new Dictionary<string, double> { [string.Empty] = value } };

    public static AlertObservation Missing(string reason) => new() { NoData = reason };
}

namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// A comparison on a property. <see cref="Number"/> is set when the value reads as a number, and then
/// numeric properties compare numerically; text compares case-insensitively, <c>*</c> a wildcard.
/// </summary>
public sealed record PropertyNode(string Name, ComparisonOperator Operator, string Value, double? Number) : QueryNode
{
    public bool HasWildcard => Value.Contains('*');

    public override string ToString() => $"prop:{Name}{Symbol(Operator)}{Value}";
}

namespace AiLogger.Domain.Logs.Query;

/// <summary><c>source:</c>, <c>tag:</c>, <c>type:</c>, <c>trace:</c>, <c>span:</c> with equality; <c>*</c> in the value is a wildcard.</summary>
public sealed record FieldNode(QueryField Field, ComparisonOperator Operator, string Value) : QueryNode
{
    public bool HasWildcard => Value.Contains('*');

    public override string ToString() => $"{Field}{Symbol(Operator)}{Value}";
}

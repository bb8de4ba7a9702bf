namespace AiLogger.Domain.Logs.Query;

public sealed record LevelNode(ComparisonOperator Operator, LogLevel Level) : QueryNode
{
    public override string ToString() => $"level{Symbol(Operator)}{Level.Name()}";
}

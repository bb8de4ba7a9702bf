namespace AiLogger.Domain.Logs.Query;

public sealed record NotNode(QueryNode Child) : QueryNode
{
    public override string ToString() => $"(NOT {Child})";
}

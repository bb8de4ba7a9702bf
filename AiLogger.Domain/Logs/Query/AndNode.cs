namespace AiLogger.Domain.Logs.Query;

public sealed record AndNode(IReadOnlyList<QueryNode> Children) : QueryNode
{
    public override string ToString() => $"(AND {string.Join(' ', Children)})";
}

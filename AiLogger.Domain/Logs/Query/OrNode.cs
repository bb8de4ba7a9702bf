namespace AiLogger.Domain.Logs.Query;

public sealed record OrNode(IReadOnlyList<QueryNode> Children) : QueryNode
{
    public override string ToString() => $"(OR {string.Join(' ', Children)})";
}

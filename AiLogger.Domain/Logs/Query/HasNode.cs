namespace AiLogger.Domain.Logs.Query;

/// <summary><c>has:exception</c>, <c>has:trace</c>, or <c>has:Name</c> for a property that exists.</summary>
public sealed record HasNode(HasTarget Target, string? PropertyName = null) : QueryNode
{
    public override string ToString() => Target == HasTarget.Property ? $"has:{PropertyName}" : $"has:{Target}";
}

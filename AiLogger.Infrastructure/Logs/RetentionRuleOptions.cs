namespace AiLogger.Infrastructure.Logs;

/// <summary>One entry of <c>AiLogger:Retention:Rules</c>.</summary>
public sealed class RetentionRuleOptions
{
    public string? Source { get; set; }

    public List<string> Levels { get; set; } = [];

    public int Days { get; set; }
}

namespace AiLogger.Domain.Logs.Query;

/// <summary>
/// A malformed query: where (<see cref="Position"/> is 0-based; the message counts from 1) and what was expected, or
/// which of the <see cref="LogQueryLimits"/> it broke (<see cref="Limit"/>).
/// </summary>
public sealed class LogQuerySyntaxException : Exception
{
    public LogQuerySyntaxException(int position, string expected)
        : this(position, expected, limit: null, $"Query error at character {position + 1}: {expected}.")
    {
    }

    private LogQuerySyntaxException(int position, string expected, string? limit, string message) : base(message)
    {
        Position = position;
        Expected = expected;
        Limit = limit;
    }

    public int Position { get; }

    public string Expected { get; }

    /// <summary><see cref="LogQueryLimits.Length"/>, <see cref="LogQueryLimits.Depth"/> or <see cref="LogQueryLimits.Terms"/>; null for a syntax error.</summary>
    public string? Limit { get; }

    internal static LogQuerySyntaxException LimitBroken(int position, string limit, string reason) =>
        new(position, reason, limit, $"Query too complex at character {position + 1}: {reason}.");
}

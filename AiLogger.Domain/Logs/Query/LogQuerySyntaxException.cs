namespace AiLogger.Domain.Logs.Query;

/// <summary>A malformed query: where (<see cref="Position"/> is 0-based; the message counts from 1) and what was expected.</summary>
public sealed class LogQuerySyntaxException(int position, string expected)
    : Exception($"Query error at character {position + 1}: {expected}.")
{
    public int Position { get; } = position;

    public string Expected { get; } = expected;
}

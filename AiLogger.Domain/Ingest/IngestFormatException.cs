namespace AiLogger.Domain.Ingest;

/// <summary>
/// A request that cannot be ingested as sent (400): the message names the line or index and the field.
/// Nothing of the request is stored.
/// </summary>
public sealed class IngestFormatException(string message, string? reason = null) : Exception(message)
{
    /// <summary>What is wrong, without the position (file imports report the line number apart).</summary>
    public string Reason { get; } = reason ?? message;

    public static IngestFormatException AtLine(int line, string reason) => new($"Line {line}: {reason}", reason);

    public static IngestFormatException AtIndex(int index, string reason) => new($"Event [{index}]: {reason}", reason);
}

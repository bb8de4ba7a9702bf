namespace AiLogger.Domain.ModelMonitoring;

/// <summary>One rejected record of a batch: where it is (array index or file line), its id when known, and why.</summary>
public sealed record ModelIngestError
{
    /// <summary>Position in a JSON array (0-based); null for file uploads.</summary>
    public int? Index { get; init; }

    /// <summary>Line of an uploaded file where the record starts (1-based; a CSV header is line 1).</summary>
    public int? Line { get; init; }

    public string? Id { get; init; }

    public required string Message { get; init; }

    public override string ToString() => Line is { } line ? $"Line {line}: {Message}"
        : Index is { } index ? $"[{index}]: {Message}"
        : Message;
}

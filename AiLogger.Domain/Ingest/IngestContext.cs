using AiLogger.Domain.Imports;
using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Ingest;

/// <summary>Who sent a batch, and the per-key processing that applies to it.</summary>
public sealed record IngestContext
{
    public static IngestContext Anonymous { get; } = new();

    public long? ApiKeyId { get; init; }

    /// <summary>Events below this level are dropped (the key's minimum level).</summary>
    public LogLevel? MinimumLevel { get; init; }

    /// <summary>Properties added to (and overriding on) every event sent with the key.</summary>
    public IReadOnlyDictionary<string, string> AppliedProperties { get; init; } = new Dictionary<string, string>();

    /// <summary>A file import's checkpoint, committed in the same transaction as the batch's events.</summary>
    public ImportProgress? Progress { get; init; }
}

namespace AiLogger.Infrastructure.Ingest;

/// <summary><c>AiLogger:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "AiLogger:Ingest";

    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxEventBytes { get; set; } = 256 * 1024;

    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Events waiting for the writer, at most; beyond it callers wait <see cref="QueueWait"/>, then get 503.</summary>
    public int QueueCapacity { get; set; } = 50_000;

    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes of request bodies being read, parsed or waiting for the queue at once; beyond, callers wait <see cref="QueueWait"/>, then get 503.</summary>
    public long MaxInFlightBytes { get; set; } = 12 * 1024 * 1024;

    /// <summary>Upper bound of events in one group commit (a larger single batch still commits whole).</summary>
    public int MaxEventsPerCommit { get; set; } = 20_000;

    /// <summary>Queries; an event matching any of them is dropped at ingestion.</summary>
    public List<string> DropFilters { get; set; } = [];

    /// <summary>Properties that name an event's source, first present wins (CLEF and JSON without a source field).</summary>
    public List<string> SourceProperties { get; set; } = ["Source", "Application", "Service", "service.name", "SourceContext"];
}

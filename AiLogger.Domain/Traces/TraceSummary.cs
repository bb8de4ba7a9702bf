namespace AiLogger.Domain.Traces;

/// <summary>A trace as lists show it, kept by the writer as its spans arrive.</summary>
public sealed record TraceSummary
{
    public required string TraceId { get; init; }

    /// <summary>The root span's name and service; null while the root has not arrived (or when there is none).</summary>
    public string? RootName { get; init; }

    public string? RootService { get; init; }

    public IReadOnlyList<string> Services { get; init; } = [];

    public long StartUnixNano { get; init; }

    public long EndUnixNano { get; init; }

    public int SpanCount { get; init; }

    public int ErrorCount { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    public DateTimeOffset StartTime => SpanTime.FromUnixNano(StartUnixNano);

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
}

namespace AiLogger.Infrastructure.Traces;

// The span store's tables, owned by EF Core migrations; the writer and the reads use raw SQL over them
// (Persistence/Sqlite/SqliteLogAppender.Spans.cs, SqliteTraceStore).

/// <summary>One span; times in Unix nanoseconds.</summary>
internal sealed class SpanEntity
{
    public long Id { get; set; }
    public required string TraceId { get; set; }
    public required string SpanId { get; set; }
    /// <summary>The trace id's first 8 bytes as an integer: the index that finds a trace's spans is a third the size of one on the text.</summary>
    public long TraceKey { get; set; }
    /// <summary>The span id as an integer (with <see cref="TraceKey"/>, what makes a span unique).</summary>
    public long SpanKey { get; set; }
    public string? ParentSpanId { get; set; }
    public required string Name { get; set; }
    public int Kind { get; set; }
    public string? Service { get; set; }
    public string? Scope { get; set; }
    public long StartTime { get; set; }
    public long EndTime { get; set; }
    public long Duration { get; set; }
    public int Status { get; set; }
    public string? StatusMessage { get; set; }
    public string? Attributes { get; set; }
    public string? Events { get; set; }
    public string? Links { get; set; }
    public long? ResourceId { get; set; }
    public bool IsGenAi { get; set; }
    public string? GenAiModel { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
}

/// <summary>A resource's attributes, stored once for all the spans that share them.</summary>
internal sealed class SpanResourceEntity
{
    public long Id { get; set; }
    public required string Json { get; set; }
}

/// <summary>The per-trace summary the writer keeps.</summary>
internal sealed class TraceEntity
{
    public required string TraceId { get; set; }
    /// <summary>As <see cref="SpanEntity.TraceKey"/>: how the summary finds its spans.</summary>
    public long TraceKey { get; set; }
    public long StartTime { get; set; }
    public long EndTime { get; set; }
    public int SpanCount { get; set; }
    public int ErrorCount { get; set; }
    public string? RootName { get; set; }
    public string? RootService { get; set; }
    public string? Services { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public string? Models { get; set; }
}

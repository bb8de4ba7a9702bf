namespace AiLogger.Domain.Traces;

/// <summary>
/// One stored span (DESIGN §1 Traces). Times are Unix nanoseconds, UTC, as OTLP sends them; ids are lower-case hex
/// (32 characters for a trace, 16 for a span). Attributes, events, links and resource are JSON texts.
/// </summary>
public sealed record Span
{
    /// <summary>Ingestion order; assigned by the writer, 0 before commit.</summary>
    public long Id { get; init; }

    public required string TraceId { get; init; }

    public required string SpanId { get; init; }

    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }

    public SpanKind Kind { get; init; }

    /// <summary>The resource's <c>service.name</c>.</summary>
    public string? Service { get; init; }

    /// <summary>The instrumentation scope's name (the library that made the span).</summary>
    public string? Scope { get; init; }

    public long StartUnixNano { get; init; }

    public long EndUnixNano { get; init; }

    public SpanStatus Status { get; init; }

    public string? StatusMessage { get; init; }

    /// <summary>A JSON object, attribute key → value; null when there are none.</summary>
    public string? AttributesJson { get; init; }

    /// <summary>A JSON array of <c>{timeUnixNano, name, attributes}</c>; null when there are none.</summary>
    public string? EventsJson { get; init; }

    /// <summary>A JSON array of <c>{traceId, spanId, traceState, attributes}</c>; null when there are none.</summary>
    public string? LinksJson { get; init; }

    /// <summary>The resource's attributes as a JSON object; null when there are none.</summary>
    public string? ResourceJson { get; init; }

    /// <summary>What the GenAI semantic conventions say about the call, when the span is one.</summary>
    public GenAiUsage? GenAi { get; init; }

    public DateTimeOffset StartTime => SpanTime.FromUnixNano(StartUnixNano);

    public DateTimeOffset EndTime => SpanTime.FromUnixNano(EndUnixNano);

    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
}

/// <summary>OTLP's span kinds, with its numbers.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}

/// <summary>OTLP's status codes, with its numbers.</summary>
public enum SpanStatus
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}

/// <summary>Tokens and model of a GenAI span (<c>gen_ai.usage.*</c>, <c>gen_ai.request.model</c>/<c>gen_ai.response.model</c>).</summary>
public sealed record GenAiUsage(string? Model, long InputTokens, long OutputTokens);

using System.Text.Json;

namespace AiLogger.Web.Api;

/// <summary>
/// An event as every answer writes it (<see cref="LogEventJsonConverter"/>), for the API description only: the
/// converter, not this record, produces the JSON.
/// </summary>
public sealed record EventShape(
    long Id, DateTimeOffset Timestamp, string Level, string Message, string? MessageTemplate, string? Source, string? Exception,
    string? TraceId, string? SpanId, string? ParentSpanId, string? EventType, IReadOnlyDictionary<string, JsonElement> Properties,
    IReadOnlyList<string> Tags);

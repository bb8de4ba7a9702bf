using System.Text.Json;
using System.Text.Json.Nodes;
using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Ingest;

/// <summary>Adds the sending key's applied properties to each event; they override the event's own.</summary>
public sealed class AppliedPropertiesProcessor : IIngestProcessor
{
    public LogEvent? Process(LogEvent logEvent, IngestContext context)
    {
        if (context.AppliedProperties.Count == 0) return logEvent;
        var properties = ParseObject(logEvent.PropertiesJson);
        foreach (var (name, value) in context.AppliedProperties)
            properties[name] = JsonValue.Create(value);
        return logEvent with { PropertiesJson = properties.ToJsonString() };
    }

    private static JsonObject ParseObject(string? json)
    {
        if (string.IsNullOrEmpty(json)) return new JsonObject();
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject();
        }
    }
}

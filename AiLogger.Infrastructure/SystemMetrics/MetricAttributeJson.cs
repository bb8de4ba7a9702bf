using System.Text;
using System.Text.Json;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>Attribute sets as the JSON object <c>MetricPoint.AttributesJson</c> holds: keys in ordinal order, so equal sets have equal text.</summary>
internal static class MetricAttributeJson
{
    public static string? Of(params (string Key, string Value)[] attributes)
    {
        if (attributes.Length == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

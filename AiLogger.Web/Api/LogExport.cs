using System.Text;
using System.Text.Json;
using AiLogger.Domain.Logs;

namespace AiLogger.Web.Api;

/// <summary>Streams every matching event page by page (newest first), so an export never holds the result in memory.</summary>
public static class LogExport
{
    private static readonly string[] CsvColumns =
        ["id", "timestamp", "level", "source", "message", "messageTemplate", "exception", "traceId", "spanId", "parentSpanId", "eventType", "properties", "tags"];

    public static async Task WriteAsync(Stream body, ILogSearch search, LogSearchRequest request, bool csv, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        if (csv) await writer.WriteLineAsync(string.Join(',', CsvColumns));
        LogCursor? cursor = null;
        do
        {
            var page = await search.SearchAsync(request with { Before = cursor }, cancellationToken);
            foreach (var e in page.Events)
            {
                if (csv) await writer.WriteLineAsync(CsvLine(e));
                else await writer.WriteLineAsync(JsonSerializer.Serialize(e, json));
            }
            await writer.FlushAsync(cancellationToken);
            cursor = page.Next;
        } while (cursor is not null);
    }

    private static string CsvLine(LogEvent e) => string.Join(',', new[]
    {
        e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), LogEventJsonConverter.FormatTimestamp(e.Timestamp), e.Level.Name(),
        e.Source, e.Message, e.MessageTemplate, e.Exception, e.TraceId, e.SpanId, e.ParentSpanId, e.EventType,
        e.PropertiesJson ?? "{}", string.Join(' ', e.Tags),
    }.Select(Csv.Field));
}

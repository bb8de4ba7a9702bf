using System.Text.Json;
using System.Text.Unicode;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;
using AiLogger.Infrastructure.Ingest.Formats;

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// One JSON object per line. <c>jsonl</c>: the native record shape, or CLEF when the line has <c>@t</c>;
/// <c>clef</c>: CLEF only.
/// </summary>
internal sealed class JsonLineParser(
    JsonRecordReader records,
    ClefReader clef,
    EventReaderSettings settings,
    bool clefOnly,
    string? defaultSource,
    TimeZoneInfo zone,
    TimeProvider time) : ImportLineParser, IDisposable
{
    private readonly PropertiesWriter _properties = new();

    public override void Read(ImportLine line, long lineNumber, ImportChunk chunk)
    {
        var bytes = line.Bytes.Span.Trim(" \t"u8);
        if (bytes.IsEmpty) return;
        if (!Utf8.IsValid(bytes))
        {
            chunk.Reject(lineNumber, "the line is not valid UTF-8", bytes);
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(line.Bytes, settings.DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                chunk.Reject(lineNumber, $"expected a JSON object, found {JsonEventFields.Describe(root.ValueKind)}", bytes);
                return;
            }
            var e = clefOnly || root.TryGetProperty("@t", out _)
                ? clef.ReadEvent(root, (int)Math.Min(lineNumber, int.MaxValue), _properties)
                : records.ReadRecord(root, 0, _properties, time.GetUtcNow(), zone);
            chunk.Events.Add(e.Source is null && defaultSource is not null ? e with { Source = defaultSource } : e);
        }
        catch (JsonException error)
        {
            chunk.Reject(lineNumber, $"invalid JSON: {JsonEventFields.Explain(error)}", bytes);
        }
        catch (IngestFormatException error)
        {
            chunk.Reject(lineNumber, error.Reason, bytes);
        }
        catch (PayloadTooLargeException error)
        {
            chunk.Reject(lineNumber, error.Message, bytes);
        }
    }

    public void Dispose() => _properties.Dispose();
}

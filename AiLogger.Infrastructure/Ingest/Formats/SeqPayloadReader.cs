using System.Text.Json;
using AiLogger.Domain.Ingest;
using AiLogger.Domain.Logs;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>
/// What Seq's ingestion endpoint accepts: CLEF when the client says so (<c>?clef</c> or the CLEF content type),
/// else the legacy <c>{"Events":[…]}</c> body when that is what was sent, else CLEF.
/// </summary>
public sealed class SeqPayloadReader(ClefReader clef, SeqLegacyReader legacy, EventReaderSettings settings)
{
    public List<LogEvent> Read(ReadOnlyMemory<byte> body, bool declaredClef)
    {
        if (!declaredClef && LooksLikeLegacy(body.Span))
        {
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(body, settings.DocumentOptions);
            }
            catch (JsonException)
            {
                // Not one JSON document: newline-delimited CLEF, read (and explained) below.
            }
            if (document is not null)
                using (document)
                    if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Events", out _))
                        return legacy.Read(document.RootElement);
        }
        return clef.Read(body);
    }

    /// <summary>The legacy body starts with <c>{"Events"</c> (after whitespace); checked before trying a full parse.</summary>
    private static bool LooksLikeLegacy(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{') return false;
        trimmed = trimmed[1..].TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("\"Events\""u8);
    }
}

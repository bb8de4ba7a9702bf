using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>Limits and choices shared by every format reader, from <see cref="IngestOptions"/>.</summary>
public sealed class EventReaderSettings
{
    public EventReaderSettings(IOptions<IngestOptions> options)
    {
        var o = options.Value;
        MaxEventBytes = o.MaxEventBytes;
        MaxBodyBytes = o.MaxBodyBytes;
        DocumentOptions = new JsonDocumentOptions { MaxDepth = o.MaxJsonDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };
        SourcePropertiesUtf8 = o.SourceProperties.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    }

    public int MaxEventBytes { get; }

    public long MaxBodyBytes { get; }

    public JsonDocumentOptions DocumentOptions { get; }

    /// <summary><see cref="IngestOptions.SourceProperties"/> as UTF-8, for lookups without transcoding.</summary>
    public byte[][] SourcePropertiesUtf8 { get; }

    /// <summary>Stored JSON is shown as text, never markup, so HTML-sensitive characters need no escaping.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

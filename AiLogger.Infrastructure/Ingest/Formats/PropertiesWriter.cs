using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AiLogger.Infrastructure.Ingest.Formats;

/// <summary>Builds one event's properties JSON object; reused across the events of a request. By name, the first wins.</summary>
internal sealed class PropertiesWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _count;

    public PropertiesWriter() => _writer = new Utf8JsonWriter(_buffer, EventReaderSettings.WriterOptions);

    public void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _names.Clear();
        _count = 0;
        _writer.WriteStartObject();
    }

    /// <summary>Copies a member as is (name and value, no string allocated); no duplicate check, JSON objects rarely repeat a name.</summary>
    public void Add(JsonProperty member)
    {
        member.WriteTo(_writer);
        _count++;
    }

    public void Add(string name, JsonElement value)
    {
        if (!_names.Add(name)) return;
        _writer.WritePropertyName(name);
        value.WriteTo(_writer);
        _count++;
    }

    public void Add(string name, string value)
    {
        if (!_names.Add(name)) return;
        _writer.WriteString(name, value);
        _count++;
    }

    /// <summary>The object's JSON, or null when no property was added.</summary>
    public string? End()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _count == 0 ? null : Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public void Dispose() => _writer.Dispose();
}

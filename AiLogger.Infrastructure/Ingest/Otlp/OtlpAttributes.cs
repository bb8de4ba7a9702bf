using System.Buffers;
using System.Text;
using System.Text.Json;
using AiLogger.Infrastructure.Ingest.Formats;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using Google.Protobuf.Collections;

namespace AiLogger.Infrastructure.Ingest.Otlp;

/// <summary>
/// OTLP attributes as JSON: strings, booleans, numbers, arrays and key-value lists as themselves, bytes as base64.
/// String values over <see cref="MaxValueBytes"/> are cut with a marker; values nested deeper than
/// <see cref="MaxDepth"/> are replaced by a marker (the protobuf reader already refuses input nested past 100).
/// </summary>
internal sealed class OtlpAttributes : IDisposable
{
    public const int MaxValueBytes = 16 * 1024;
    public const int MaxDepth = 32;
    public const string CutMarker = "…[cut]";
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public OtlpAttributes() => _writer = new Utf8JsonWriter(_buffer, EventReaderSettings.WriterOptions with { MaxDepth = MaxDepth + 8 });

    /// <summary>The attributes as a JSON object (first of a repeated key wins), or null when there are none.</summary>
    public string? ToJson(RepeatedField<KeyValue> attributes, Func<string, bool>? skip = null)
    {
        if (attributes.Count == 0) return null;
        Begin();
        var written = WriteObject(_writer, attributes, depth: 1, skip);
        return End(written);
    }

    /// <summary>
    /// The attributes as a JSON object with keys in ordinal order, nested key-value lists too, so equal sets have equal
    /// text whatever order the sender used (first of a repeated key wins); null when there are none.
    /// </summary>
    public string? ToOrderedJson(RepeatedField<KeyValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0) return null;
        Begin();
        var written = WriteObject(_writer, attributes, depth: 1, skip: null, ordered: true);
        return End(written);
    }

    /// <summary>One value as JSON text.</summary>
    public string ValueToJson(AnyValue value)
    {
        Begin();
        WriteValue(_writer, value, depth: 0, ordered: false);
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes the attributes as a JSON object (the first of a repeated key wins, <paramref name="skip"/>ped keys are
    /// left out) and returns how many members it wrote.
    /// </summary>
    public static int WriteObject(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes, int depth, Func<string, bool>? skip = null) =>
        WriteObject(writer, attributes, depth, skip, ordered: false);

    private static int WriteObject(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes, int depth, Func<string, bool>? skip, bool ordered)
    {
        if (ordered && !IsStrictlyOrdered(attributes)) return WriteOrdered(writer, attributes, depth, skip);
        writer.WriteStartObject();
        var written = 0;
        // Most attribute lists are short: a scan finds repeats without allocating a set.
        HashSet<string>? seen = attributes.Count > 8 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < attributes.Count; i++)
        {
            var kv = attributes[i];
            if (skip?.Invoke(kv.Key) == true) continue;
            if (seen is not null ? !seen.Add(kv.Key) : FirstIndex(attributes, kv.Key) != i) continue;
            writer.WritePropertyName(kv.Key);
            WriteValue(writer, kv.Value, depth, ordered);
            written++;
        }
        writer.WriteEndObject();
        return written;
    }

    /// <summary>True when the keys already ascend (ordinal, no repeats): then the plain loop writes them in order.</summary>
    private static bool IsStrictlyOrdered(RepeatedField<KeyValue> attributes)
    {
        for (var i = 1; i < attributes.Count; i++)
            if (string.CompareOrdinal(attributes[i - 1].Key, attributes[i].Key) >= 0) return false;
        return true;
    }

    private static int WriteOrdered(Utf8JsonWriter writer, RepeatedField<KeyValue> attributes, int depth, Func<string, bool>? skip)
    {
        var order = new int[attributes.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        // Ties keep the sender's order, so the first of a repeated key is the one written.
        Array.Sort(order, (a, b) => string.CompareOrdinal(attributes[a].Key, attributes[b].Key) is var c and not 0 ? c : a.CompareTo(b));
        writer.WriteStartObject();
        var written = 0;
        string? previous = null;
        foreach (var index in order)
        {
            var kv = attributes[index];
            if (previous is not null && string.Equals(previous, kv.Key, StringComparison.Ordinal)) continue;
            previous = kv.Key;
            if (skip?.Invoke(kv.Key) == true) continue;
            writer.WritePropertyName(kv.Key);
            WriteValue(writer, kv.Value, depth, ordered: true);
            written++;
        }
        writer.WriteEndObject();
        return written;
    }

    public static string? GetString(RepeatedField<KeyValue> attributes, string key)
    {
        foreach (var kv in attributes)
            if (kv.Key == key && kv.Value is { ValueCase: AnyValue.ValueOneofCase.StringValue } v) return v.StringValue;
        return null;
    }

    public static long? GetInt(RepeatedField<KeyValue> attributes, string key)
    {
        foreach (var kv in attributes)
        {
            if (kv.Key != key || kv.Value is null) continue;
            switch (kv.Value.ValueCase)
            {
                case AnyValue.ValueOneofCase.IntValue: return kv.Value.IntValue;
                case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(kv.Value.DoubleValue): return (long)kv.Value.DoubleValue;
                case AnyValue.ValueOneofCase.StringValue when long.TryParse(kv.Value.StringValue, out var n): return n;
            }
        }
        return null;
    }

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private static int FirstIndex(RepeatedField<KeyValue> attributes, string key)
    {
        for (var i = 0; i < attributes.Count; i++)
            if (attributes[i].Key == key) return i;
        return -1;
    }

    private string? End(int written)
    {
        _writer.Flush();
        return written == 0 ? null : Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, AnyValue? value, int depth, bool ordered)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                WriteString(writer, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                if (double.IsFinite(value.DoubleValue)) writer.WriteNumberValue(value.DoubleValue);
                else writer.WriteStringValue(value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                var bytes = value.BytesValue.Span;
                if (bytes.Length > MaxValueBytes * 3 / 4) WriteString(writer, Convert.ToBase64String(bytes[..(MaxValueBytes * 3 / 4)]) + CutMarker);
                else writer.WriteBase64StringValue(bytes);
                break;
            case AnyValue.ValueOneofCase.ArrayValue when depth >= MaxDepth:
            case AnyValue.ValueOneofCase.KvlistValue when depth >= MaxDepth:
                writer.WriteStringValue($"…[nested deeper than {MaxDepth}]");
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values) WriteValue(writer, item, depth + 1, ordered);
                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                WriteObject(writer, value.KvlistValue.Values, depth + 1, skip: null, ordered);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteString(Utf8JsonWriter writer, string text)
    {
        // Measured in UTF-16 units first: exact bytes only matter near the limit.
        if (text.Length * 3 <= MaxValueBytes || Encoding.UTF8.GetByteCount(text) <= MaxValueBytes)
        {
            writer.WriteStringValue(text);
            return;
        }
        var keep = MaxValueBytes / 3;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        writer.WriteStringValue(string.Concat(text.AsSpan(0, keep), CutMarker));
    }

    /// <summary>A string cut at the value limit, with the marker (for names and messages stored outside the JSON).</summary>
    public static string Cut(string text, int maxChars)
    {
        if (text.Length <= maxChars) return text;
        var keep = maxChars;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return string.Concat(text.AsSpan(0, keep), CutMarker);
    }

    public void Dispose() => _writer.Dispose();
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// One message on a fan-out channel: the publishing node, the sequence number of its first item among everything that
/// node committed of this kind (so a receiver sees a gap as a count of missed items), and the items, as compact JSON.
/// </summary>
internal sealed record LiveMessage<T>(
    [property: JsonPropertyName("n")] string Node,
    [property: JsonPropertyName("q")] long First,
    [property: JsonPropertyName("i")] IReadOnlyList<T> Items)
{
    /// <summary>A message's bound: a larger run of items is split, and an item larger than this alone is not sent (it counts as missed).</summary>
    public const int MaxBytes = 1 << 20;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Alert values may be NaN (no data).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The messages that carry <paramref name="items"/> (numbered from <paramref name="first"/>), each at most <paramref name="maxBytes"/>.</summary>
    public static IEnumerable<byte[]> Encode(string node, long first, IReadOnlyList<T> items, int maxBytes = MaxBytes)
    {
        var head = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(node)) + 40;
        var buffer = new ArrayBufferWriter<byte>();
        var run = new List<byte[]>();
        long runFirst = first;
        var runBytes = head;
        for (var i = 0; i < items.Count; i++)
        {
            var item = JsonSerializer.SerializeToUtf8Bytes(items[i], Json);
            if (head + item.Length > maxBytes)
            {
                // Too large to travel: the receivers count it as missed.
                if (run.Count > 0) yield return Write(node, runFirst, run, buffer);
                run.Clear();
                runFirst = first + i + 1;
                runBytes = head;
                continue;
            }
            if (runBytes + item.Length + 1 > maxBytes && run.Count > 0)
            {
                yield return Write(node, runFirst, run, buffer);
                run.Clear();
                runFirst = first + i;
                runBytes = head;
            }
            run.Add(item);
            runBytes += item.Length + 1;
        }
        if (run.Count > 0) yield return Write(node, runFirst, run, buffer);
    }

    private static byte[] Write(string node, long first, List<byte[]> items, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("n", node);
            writer.WriteNumber("q", first);
            writer.WriteStartArray("i");
            foreach (var item in items) writer.WriteRawValue(item, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Null for a message that is not one of ours (another program on the channel, a newer format).</summary>
    public static LiveMessage<T>? Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBytes) return null;
        try
        {
            return JsonSerializer.Deserialize<LiveMessage<T>>(payload, Json) is { Node: not null, Items: not null } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

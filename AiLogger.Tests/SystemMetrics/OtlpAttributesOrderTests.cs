using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Infrastructure.Ingest.Otlp.Proto.Common;
using Google.Protobuf.Collections;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>Attribute JSON in ordinal key order: a metric series is known by its attribute text, so equal sets must have equal text.</summary>
public sealed class OtlpAttributesOrderTests
{
    private static KeyValue Kv(string key, AnyValue value) => new() { Key = key, Value = value };

    private static KeyValue Kv(string key, string value) => Kv(key, new AnyValue { StringValue = value });

    private static RepeatedField<KeyValue> List(params KeyValue[] items)
    {
        var list = new RepeatedField<KeyValue>();
        list.AddRange(items);
        return list;
    }

    [Fact]
    public void Keys_are_written_in_ordinal_order_and_the_first_of_a_repeated_key_wins()
    {
        using var attributes = new OtlpAttributes();
        // Ordinal: 'B' (0x42) < '_' (0x5F) < 'a' (0x61) < 'b' (0x62) < 'é' (0xE9), unlike a culture's order.
        var json = attributes.ToOrderedJson(List(Kv("b", "1"), Kv("é", "2"), Kv("a", "first"), Kv("_", "3"), Kv("B", "4"), Kv("a", "second")));
        Assert.Equal("""{"B":"4","_":"3","a":"first","b":"1","é":"2"}""", json);
    }

    [Fact]
    public void The_same_set_in_any_order_gives_the_same_text_nested_lists_included()
    {
        using var attributes = new OtlpAttributes();
        AnyValue Nested(bool reversed)
        {
            var kvlist = new KeyValueList();
            kvlist.Values.AddRange(reversed ? [Kv("z", "1"), Kv("m", "2")] : [Kv("m", "2"), Kv("z", "1")]);
            return new AnyValue { KvlistValue = kvlist };
        }
        var one = attributes.ToOrderedJson(List(Kv("state", "used"), Kv("device", "sda"), Kv("labels", Nested(reversed: false))));
        var other = attributes.ToOrderedJson(List(Kv("labels", Nested(reversed: true)), Kv("device", "sda"), Kv("state", "used")));
        Assert.Equal("""{"device":"sda","labels":{"m":"2","z":"1"},"state":"used"}""", one);
        Assert.Equal(one, other);
    }

    [Fact]
    public void Array_items_keep_their_order()
    {
        using var attributes = new OtlpAttributes();
        var array = new ArrayValue();
        array.Values.AddRange([new AnyValue { StringValue = "b" }, new AnyValue { StringValue = "a" }]);
        Assert.Equal("""{"k":["b","a"]}""", attributes.ToOrderedJson(List(Kv("k", new AnyValue { ArrayValue = array }))));
    }

    [Fact]
    public void No_attributes_are_null()
    {
        using var attributes = new OtlpAttributes();
        Assert.Null(attributes.ToOrderedJson(null));
        Assert.Null(attributes.ToOrderedJson(List()));
    }

    [Fact]
    public void Span_and_log_attribute_JSON_keeps_the_senders_order()
    {
        using var attributes = new OtlpAttributes();
        // Only metric series need the ordered form; spans and logs show attributes as sent.
        Assert.Equal("""{"b":"1","a":"2"}""", attributes.ToJson(List(Kv("b", "1"), Kv("a", "2"))));
    }
}

using System.Buffers;
using System.Text.Json;

namespace AiLogger.Bench;

/// <summary>
/// An image classifier's log: predictions spread evenly over the period, a skewed class mix, confidences leaning high,
/// two numeric inputs; every second prediction validated (right about as often as its confidence says). Over the last
/// ten days the mix and the brightness shift, so drift has something to find.
/// </summary>
public sealed class ModelWorkload(int predictions, int days, int classCount, DateTimeOffset end)
{
    private static readonly string[] Animals = ["cat", "dog", "bird", "fish", "horse", "cow", "sheep", "goat", "pig", "duck"];

    public string[] Classes { get; } = Enumerable.Range(0, classCount).Select(k => k < Animals.Length ? Animals[k] : $"class-{k}").ToArray();

    public DateTimeOffset Start => end.AddDays(-days);

    public DateTimeOffset End => end;

    /// <summary>A JSON array of predictions [first, first + count).</summary>
    public byte[] Predictions(int first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 160);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = first; i < first + count; i++)
            {
                var (random, at, late) = Item(i);
                var predicted = Class(random, late);
                json.WriteStartObject();
                json.WriteString("id", $"img-{i:D8}.jpg");
                json.WriteString("predicted", Classes[predicted]);
                json.WriteNumber("confidence", Math.Round(0.5 + 0.5 * Math.Sqrt(random.NextDouble()), 4));
                json.WriteString("timestamp", at);
                json.WriteStartObject("features");
                json.WriteNumber("brightness", Math.Round((late ? 0.65 : 0.5) + 0.1 * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5), 4));
                json.WriteNumber("width", 200 + random.Next(1000));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A JSON array validating the even-numbered predictions of [first, first + count).</summary>
    public byte[] Validations(int first, int count)
    {
        var buffer = new ArrayBufferWriter<byte>(count * 40);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = first + first % 2; i < first + count; i += 2)
            {
                var (random, at, late) = Item(i);
                var predicted = Class(random, late);
                var confidence = 0.5 + 0.5 * Math.Sqrt(random.NextDouble());
                var actual = random.NextDouble() < confidence ? predicted : random.Next(Classes.Length);
                json.WriteStartObject();
                json.WriteString("id", $"img-{i:D8}.jpg");
                json.WriteString("actual", Classes[actual]);
                json.WriteString("validatedAt", at.AddHours(20));
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // Each item's random draws come from its own seed, so a validation agrees with the prediction it validates.
    private (Random Random, DateTimeOffset At, bool Late) Item(int i)
    {
        var random = new Random(i * 7919 + 17);
        var at = Start.AddTicks((long)((i + 0.5) / predictions * (end - Start).Ticks));
        return (random, at, at > end.AddDays(-10));
    }

    private int Class(Random random, bool late)
    {
        // Zipf-like mix (1/√rank); late items favour the third class.
        if (late && random.NextDouble() < 0.25) return Math.Min(2, Classes.Length - 1);
        var total = 0.0;
        for (var k = 0; k < Classes.Length; k++) total += 1 / Math.Sqrt(k + 1);
        var pick = random.NextDouble() * total;
        for (var k = 0; k < Classes.Length; k++)
        {
            pick -= 1 / Math.Sqrt(k + 1);
            if (pick <= 0) return k;
        }
        return Classes.Length - 1;
    }
}

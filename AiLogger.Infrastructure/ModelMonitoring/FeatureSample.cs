using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>Confidences and top-level feature values of a set of predictions, numbers and text apart.</summary>
internal sealed class FeatureSample
{
    public List<double> Confidences { get; } = [];

    public Dictionary<string, List<double>> Numbers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<string>> Texts { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds one prediction's features object (UTF-8 JSON); nested objects and arrays are not features to compare, and are skipped.</summary>
    public void AddFeatures(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Name(ref reader);
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number):
                        Add(Numbers, name, number);
                        break;
                    case JsonTokenType.String:
                        Add(Texts, name, Text(ref reader));
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        Add(Texts, name, reader.TokenType == JsonTokenType.True ? "true" : "false");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Stored features were checked as JSON at ingestion; a damaged row is left out rather than failing the run.
        }
    }

    public void AddFeatures(string json) => AddFeatures(Encoding.UTF8.GetBytes(json));

    // Names and text values repeat on every row: one string per distinct value, not one per row.
    private readonly List<string> _names = [];
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    private string Name(ref Utf8JsonReader reader)
    {
        foreach (var known in _names)
            if (reader.ValueTextEquals(known)) return known;
        var name = reader.GetString()!;
        _names.Add(name);
        return name;
    }

    private string Text(ref Utf8JsonReader reader)
    {
        var text = reader.GetString()!;
        if (_texts.TryGetValue(text, out var known)) return known;
        if (_texts.Count < 10_000) _texts[text] = text;
        return text;
    }

    /// <summary>The feature's values as text (numbers written invariantly), for a feature compared as categories.</summary>
    public List<string> TextsOf(string name)
    {
        var values = new List<string>(Texts.GetValueOrDefault(name) ?? []);
        if (Numbers.TryGetValue(name, out var numbers)) values.AddRange(numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)));
        return values;
    }

    private static void Add<T>(Dictionary<string, List<T>> values, string name, T value)
    {
        if (!values.TryGetValue(name, out var list)) values[name] = list = [];
        list.Add(value);
    }
}

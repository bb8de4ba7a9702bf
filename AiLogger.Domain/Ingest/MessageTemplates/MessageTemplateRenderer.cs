using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiLogger.Domain.Ingest.MessageTemplates;

/// <summary>
/// Renders a template the way Serilog does: strings quoted (unless <c>:l</c>), format specifiers applied to
/// numbers and dates, structures as <c>Type { A: 1 }</c>, sequences as <c>[1, 2]</c>. Renderings supplied by the
/// client (<c>@r</c>) win for holes with a format.
/// </summary>
public static class MessageTemplateRenderer
{
    /// <param name="properties">A JSON object holding the event's properties.</param>
    /// <param name="renderings">CLEF <c>@r</c>: one string per hole that has a format, in order; or null.</param>
    public static string Render(MessageTemplate template, JsonElement properties, IReadOnlyList<string?>? renderings = null)
    {
        var builder = new StringBuilder(template.Text.Length + 32);
        var formatted = 0;
        foreach (var token in template.Tokens)
        {
            if (!token.IsProperty)
            {
                builder.Append(token.Text);
                continue;
            }

            string? rendering = null;
            if (token.Format is not null)
            {
                if (renderings is not null && formatted < renderings.Count) rendering = renderings[formatted];
                formatted++;
            }

            if (rendering is null)
            {
                if (properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(token.PropertyName!, out var value))
                {
                    builder.Append(token.RawText);
                    continue;
                }
                rendering = RenderValue(value, token.Format);
            }
            AppendAligned(builder, rendering, token.Alignment);
        }
        return builder.ToString();
    }

    public static string RenderValue(JsonElement value, string? format)
    {
        var builder = new StringBuilder();
        AppendValue(builder, value, format, topLevel: true);
        return builder.ToString();
    }

    private static void AppendValue(StringBuilder builder, JsonElement value, string? format, bool topLevel)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (topLevel && format is { Length: > 0 } && format != "l" && TryFormatDate(text, format, out var date))
                {
                    builder.Append(date);
                }
                else if (format == "l" && topLevel)
                {
                    builder.Append(text);
                }
                else
                {
                    builder.Append('"').Append(text.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                }
                break;
            case JsonValueKind.Number:
                builder.Append(topLevel && format is { Length: > 0 } ? FormatNumber(value, format) : value.GetRawText());
                break;
            case JsonValueKind.True:
                builder.Append("True");
                break;
            case JsonValueKind.False:
                builder.Append("False");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) builder.Append(", ");
                    AppendValue(builder, item, null, topLevel: false);
                    first = false;
                }
                builder.Append(']');
                break;
            case JsonValueKind.Object:
                if (value.TryGetProperty("$type", out var typeTag) && typeTag.ValueKind == JsonValueKind.String)
                    builder.Append(typeTag.GetString()).Append(' ');
                builder.Append("{ ");
                var any = false;
                foreach (var member in value.EnumerateObject())
                {
                    if (member.Name == "$type") continue;
                    if (any) builder.Append(", ");
                    builder.Append(member.Name).Append(": ");
                    AppendValue(builder, member.Value, null, topLevel: false);
                    any = true;
                }
                builder.Append(any ? " }" : "}");
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }

    private static string FormatNumber(JsonElement value, string format)
    {
        try
        {
            if (value.TryGetInt64(out var integer)) return integer.ToString(format, CultureInfo.InvariantCulture);
            if (value.TryGetDecimal(out var dec)) return dec.ToString(format, CultureInfo.InvariantCulture);
            return value.GetDouble().ToString(format, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return value.GetRawText();
        }
    }

    private static bool TryFormatDate(string text, string format, out string formatted)
    {
        formatted = text;
        if (text.Length < 10 || !char.IsDigit(text[0])) return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)) return false;
        try
        {
            formatted = date.ToString(format, CultureInfo.InvariantCulture);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void AppendAligned(StringBuilder builder, string rendering, int? alignment)
    {
        if (alignment is not { } width || Math.Abs(width) <= rendering.Length)
        {
            builder.Append(rendering);
            return;
        }
        var pad = Math.Abs(width) - rendering.Length;
        if (width > 0) builder.Append(' ', pad).Append(rendering);
        else builder.Append(rendering).Append(' ', pad);
    }
}

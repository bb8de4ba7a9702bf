using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AiLogger.Domain.Ingest.MessageTemplates;

/// <summary>
/// Renders a template the way Serilog does: strings quoted (unless <c>:l</c>), format specifiers applied to
/// numbers and dates, structures as <c>Type { A: 1 }</c>, sequences as <c>[1, 2]</c>. Renderings supplied by the
/// client (<c>@r</c>) win for holes with a format. Runs once per ingested event, so it avoids allocating.
/// </summary>
public static class MessageTemplateRenderer
{
    [ThreadStatic] private static StringBuilder? _builder;

    /// <param name="properties">A JSON object holding the event's properties.</param>
    /// <param name="renderings">CLEF <c>@r</c>: one string per hole that has a format, in order; or null.</param>
    public static string Render(MessageTemplate template, JsonElement properties, IReadOnlyList<string?>? renderings = null)
    {
        var builder = _builder ??= new StringBuilder(256);
        builder.Clear();
        var formatted = 0;
        foreach (var token in template.Tokens)
        {
            if (!token.IsProperty)
            {
                builder.Append(token.Text);
                continue;
            }

            var start = builder.Length;
            string? rendering = null;
            if (token.Format is not null)
            {
                if (renderings is not null && formatted < renderings.Count) rendering = renderings[formatted];
                formatted++;
            }

            if (rendering is not null)
            {
                builder.Append(rendering);
            }
            else if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(token.PropertyNameUtf8, out var value))
            {
                AppendValue(builder, value, token.Format, topLevel: true);
            }
            else
            {
                builder.Append(token.RawText);
                continue;
            }
            Align(builder, start, token.Alignment);
        }
        var message = builder.ToString();
        if (builder.Capacity > 64 * 1024) _builder = null;
        return message;
    }

    private static void AppendValue(StringBuilder builder, JsonElement value, string? format, bool topLevel)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (topLevel && format is { Length: > 0 } && format != "l" && TryAppendDate(builder, value, format)) break;
                var literal = format == "l" && topLevel;
                if (!literal) builder.Append('"');
                AppendString(builder, value, escapeQuotes: !literal);
                if (!literal) builder.Append('"');
                break;
            case JsonValueKind.Number:
                if (!topLevel || format is not { Length: > 0 } || !TryAppendFormattedNumber(builder, value, format)) AppendRaw(builder, value);
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
                if (value.TryGetProperty("$type"u8, out var typeTag) && typeTag.ValueKind == JsonValueKind.String)
                    builder.Append(typeTag.GetString()).Append(' ');
                builder.Append("{ ");
                var any = false;
                foreach (var member in value.EnumerateObject())
                {
                    if (member.NameEquals("$type"u8)) continue;
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

    /// <summary>A JSON string's text; without escapes in the raw JSON it is decoded straight into the builder.</summary>
    private static void AppendString(StringBuilder builder, JsonElement value, bool escapeQuotes)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1]; // the quotes
        if (raw.IndexOf((byte)'\\') < 0 && raw.Length <= 512)
        {
            // No escapes means no quotes inside either.
            Span<char> chars = stackalloc char[raw.Length];
            var count = Encoding.UTF8.GetChars(raw, chars);
            builder.Append(chars[..count]);
            return;
        }
        var text = value.GetString()!;
        if (!escapeQuotes || !text.Contains('"'))
        {
            builder.Append(text);
            return;
        }
        foreach (var c in text)
        {
            if (c == '"') builder.Append('\\');
            builder.Append(c);
        }
    }

    private static void AppendRaw(StringBuilder builder, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        Span<char> chars = stackalloc char[raw.Length];
        var count = Encoding.UTF8.GetChars(raw, chars);
        builder.Append(chars[..count]);
    }

    private static bool TryAppendFormattedNumber(StringBuilder builder, JsonElement value, string format)
    {
        Span<char> buffer = stackalloc char[128];
        int written;
        try
        {
            var ok = value.TryGetInt64(out var integer)
                ? integer.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture)
                : value.TryGetDecimal(out var dec)
                    ? dec.TryFormat(buffer, out written, format, CultureInfo.InvariantCulture)
                    : value.GetDouble().TryFormat(buffer, out written, format, CultureInfo.InvariantCulture);
            if (!ok) return false;
        }
        catch (FormatException)
        {
            return false;
        }
        builder.Append(buffer[..written]);
        return true;
    }

    private static bool TryAppendDate(StringBuilder builder, JsonElement value, string format)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length < 12 || !char.IsAsciiDigit((char)raw[1])) return false;
        if (!DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)) return false;
        Span<char> buffer = stackalloc char[128];
        try
        {
            if (!date.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture)) return false;
            builder.Append(buffer[..written]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Align(StringBuilder builder, int start, int? alignment)
    {
        var length = builder.Length - start;
        if (alignment is not { } width || Math.Abs(width) <= length) return;
        var pad = Math.Abs(width) - length;
        if (width > 0) builder.Insert(start, " ", pad);
        else builder.Append(' ', pad);
    }
}

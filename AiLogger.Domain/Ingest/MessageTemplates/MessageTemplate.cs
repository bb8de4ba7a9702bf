using System.Collections.Concurrent;

namespace AiLogger.Domain.Ingest.MessageTemplates;

/// <summary>A parsed Serilog message template. Parsing is cached: applications log a few thousand distinct templates.</summary>
public sealed class MessageTemplate
{
    private const int CacheLimit = 10_000;
    private static readonly ConcurrentDictionary<string, MessageTemplate> Cache = new(StringComparer.Ordinal);

    private MessageTemplate(string text, IReadOnlyList<TemplateToken> tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    public string Text { get; }

    public IReadOnlyList<TemplateToken> Tokens { get; }

    public static MessageTemplate Parse(string text)
    {
        if (Cache.TryGetValue(text, out var cached)) return cached;
        var template = new MessageTemplate(text, Tokenize(text));
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache.TryAdd(text, template);
        return template;
    }

    private static List<TemplateToken> Tokenize(string text)
    {
        var tokens = new List<TemplateToken>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{')
            {
                if (i + 1 < text.Length && text[i + 1] == '{') { literal.Append('{'); i += 2; continue; }
                var close = text.IndexOf('}', i + 1);
                if (close > i && TryParseHole(text.AsSpan(i + 1, close - i - 1), out var hole))
                {
                    if (literal.Length > 0) { tokens.Add(new TemplateToken { Text = literal.ToString() }); literal.Clear(); }
                    tokens.Add(hole with { RawText = text[i..(close + 1)] });
                    i = close + 1;
                    continue;
                }
                literal.Append(c);
                i++;
                continue;
            }
            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}') { literal.Append('}'); i += 2; continue; }
            literal.Append(c);
            i++;
        }
        if (literal.Length > 0) tokens.Add(new TemplateToken { Text = literal.ToString() });
        return tokens;
    }

    private static bool TryParseHole(ReadOnlySpan<char> content, out TemplateToken token)
    {
        token = null!;
        if (content.Length == 0) return false;
        if (content[0] is '@' or '$') content = content[1..];

        string? format = null;
        var colon = content.IndexOf(':');
        if (colon >= 0)
        {
            format = content[(colon + 1)..].ToString();
            content = content[..colon];
        }
        int? alignment = null;
        var comma = content.IndexOf(',');
        if (comma >= 0)
        {
            if (!int.TryParse(content[(comma + 1)..], System.Globalization.NumberStyles.AllowLeadingSign,
                    System.Globalization.CultureInfo.InvariantCulture, out var a)) return false;
            alignment = a;
            content = content[..comma];
        }
        if (content.Length == 0) return false;
        foreach (var ch in content)
            if (!(char.IsLetterOrDigit(ch) || ch == '_')) return false;

        token = new TemplateToken { PropertyName = content.ToString(), Alignment = alignment, Format = format };
        return true;
    }
}

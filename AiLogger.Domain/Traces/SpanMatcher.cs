using System.Text.Json;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Traces;

/// <summary>
/// Evaluates a <see cref="TraceQuery"/> against one span in memory, with the meaning of the SQL translation: words are
/// contained in the span's name, <c>service:</c>, <c>name:</c>, <c>status:</c>, <c>kind:</c>, <c>duration</c>, any
/// other name an attribute. Finding within a trace also lets words match the service, the span id, the status message
/// and attribute values (<paramref name="wordsAnywhere"/>), as users of Jaeger's "find" expect.
/// </summary>
public static class SpanMatcher
{
    public static bool Matches(TraceQuery query, Span span, bool wordsAnywhere = false)
    {
        if (query.Root is null) return true;
        var context = new Context(span, wordsAnywhere);
        try
        {
            return Evaluate(query.Root, context);
        }
        finally
        {
            context.Dispose();
        }
    }

    private static bool Evaluate(QueryNode node, Context c) => node switch
    {
        AndNode and => and.Children.All(child => Evaluate(child, c)),
        OrNode or => or.Children.Any(child => Evaluate(child, c)),
        NotNode not => !Evaluate(not.Child, c),
        TextNode text => Word(text.Text, c),
        FieldNode { Field: QueryField.Source } field => Equal(c.Span.Service, field.Value),
        FieldNode { Field: QueryField.TraceId } field => Equal(c.Span.TraceId, field.Value),
        FieldNode { Field: QueryField.SpanId } field => Equal(c.Span.SpanId, field.Value),
        HasNode { Target: HasTarget.Trace } => true,
        HasNode { Target: HasTarget.Exception } => c.Span.Status == SpanStatus.Error || (c.Span.EventsJson?.Contains("\"name\":\"exception\"", StringComparison.Ordinal) ?? false),
        HasNode has => c.HasAttribute(has.PropertyName!),
        PropertyNode property => Property(property, c),
        _ => false,
    };

    private static bool Word(string text, Context c)
    {
        if (Contains(c.Span.Name, text)) return true;
        if (!c.WordsAnywhere) return false;
        return Contains(c.Span.Service, text) || Contains(c.Span.SpanId, text) || Contains(c.Span.StatusMessage, text) || c.AnyValueContains(text);
    }

    private static bool Property(PropertyNode p, Context c)
    {
        var name = p.Name.ToLowerInvariant();
        if (p.Operator == ComparisonOperator.NotEqual && name != "duration")
            return !Property(p with { Operator = ComparisonOperator.Equal }, c);
        switch (name)
        {
            case "service":
                return Equal(c.Span.Service, p.Value);
            case "name":
                return Equal(c.Span.Name, p.Value);
            case "status":
                return TraceQuery.TryReadStatus(p.Value, out var status) && c.Span.Status == status;
            case "kind":
                return TraceQuery.TryReadKind(p.Value, out var kind) && c.Span.Kind == kind;
            case "duration":
                return TraceQuery.TryReadDuration(p.Value, out var nanos)
                       && LogQueryMatcher.Compare(Math.Max(0, c.Span.EndUnixNano - c.Span.StartUnixNano).CompareTo(nanos), 0, p.Operator);
        }
        return c.TryGetAttribute(p.Name, out var value) && LogQueryMatcher.MatchValue(p, value);
    }

    private static bool Equal(string? text, string pattern) => WildcardPattern.IsMatch(text, pattern);

    private static bool Contains(string? text, string word) => text is not null && text.Contains(word, StringComparison.OrdinalIgnoreCase);

    private sealed class Context(Span span, bool wordsAnywhere) : IDisposable
    {
        private JsonDocument? _attributes;
        private bool _parsed;

        public Span Span { get; } = span;

        public bool WordsAnywhere { get; } = wordsAnywhere;

        private JsonElement? Attributes
        {
            get
            {
                if (!_parsed)
                {
                    _parsed = true;
                    if (!string.IsNullOrEmpty(Span.AttributesJson))
                    {
                        try { _attributes = JsonDocument.Parse(Span.AttributesJson, new JsonDocumentOptions { MaxDepth = 64 }); }
                        catch (JsonException) { _attributes = null; }
                    }
                }
                return _attributes?.RootElement.ValueKind == JsonValueKind.Object ? _attributes.RootElement : null;
            }
        }

        // Attribute names hold dots (gen_ai.request.model): the whole name is looked up, not a path.
        public bool TryGetAttribute(string name, out JsonElement value)
        {
            value = default;
            if (Attributes is not { } attributes) return false;
            foreach (var property in attributes.EnumerateObject())
            {
                if (!property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                value = property.Value;
                return true;
            }
            return false;
        }

        public bool HasAttribute(string name)
        {
            if (name.Equals("gen_ai", StringComparison.OrdinalIgnoreCase) && Span.GenAi is not null) return true;
            if (Attributes is not { } attributes) return false;
            foreach (var property in attributes.EnumerateObject())
                if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                    || (property.Name.Length > name.Length && property.Name[name.Length] == '.' && property.Name.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
                    return true;
            return false;
        }

        public bool AnyValueContains(string word)
        {
            if (Attributes is not { } attributes) return false;
            foreach (var property in attributes.EnumerateObject())
            {
                var v = property.Value;
                var text = v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind is JsonValueKind.Number ? v.GetRawText() : null;
                if (Contains(text, word) || Contains(property.Name, word)) return true;
            }
            return false;
        }

        public void Dispose() => _attributes?.Dispose();
    }
}

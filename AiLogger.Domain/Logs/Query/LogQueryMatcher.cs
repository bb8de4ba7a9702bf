using System.Text.Json;

namespace AiLogger.Domain.Logs.Query;

/// <summary>Evaluates a query against one event in memory, with the same meaning as the SQL translation.</summary>
public static class LogQueryMatcher
{
    public static bool Matches(QueryNode node, LogEvent e)
    {
        var context = new MatchContext(e);
        try
        {
            return Evaluate(node, context);
        }
        finally
        {
            context.Dispose();
        }
    }

    private static bool Evaluate(QueryNode node, MatchContext c) => node switch
    {
        AndNode and => and.Children.All(child => Evaluate(child, c)),
        OrNode or => or.Children.Any(child => Evaluate(child, c)),
        NotNode not => !Evaluate(not.Child, c),
        TextNode text => MatchText(text, c),
        LevelNode level => Compare((int)c.Event.Level, (int)level.Level, level.Operator),
        FieldNode field => MatchField(field, c.Event),
        HasNode has => has.Target switch
        {
            HasTarget.Exception => !string.IsNullOrEmpty(c.Event.Exception),
            HasTarget.Trace => !string.IsNullOrEmpty(c.Event.TraceId),
            _ => c.TryGetProperty(has.PropertyName!, out _),
        },
        PropertyNode property => MatchProperty(property, c),
        _ => false,
    };

    private static bool MatchText(TextNode text, MatchContext c)
    {
        var phrase = FullTextTokens.Tokenize(text.Text);
        // As in the keyword index, a phrase lies within one field: the message or the exception.
        return FullTextTokens.ContainsPhrase(c.MessageTokens, phrase, text.IsPrefix)
               || FullTextTokens.ContainsPhrase(c.ExceptionTokens, phrase, text.IsPrefix);
    }

    private static bool MatchField(FieldNode field, LogEvent e) => field.Field switch
    {
        QueryField.Source => WildcardPattern.IsMatch(e.Source, field.Value),
        QueryField.EventType => WildcardPattern.IsMatch(e.EventType, field.Value),
        QueryField.TraceId => WildcardPattern.IsMatch(e.TraceId, field.Value),
        QueryField.SpanId => WildcardPattern.IsMatch(e.SpanId, field.Value),
        QueryField.Tag => e.Tags.Any(t => WildcardPattern.IsMatch(t, field.Value)),
        _ => false,
    };

    private static bool MatchProperty(PropertyNode p, MatchContext c)
    {
        if (p.Operator == ComparisonOperator.NotEqual)
            return !MatchProperty(p with { Operator = ComparisonOperator.Equal }, c);
        return c.TryGetProperty(p.Name, out var value) && MatchValue(p, value);
    }

    /// <summary>A property's value against a comparison other than <c>!=</c>: numbers numerically, text as a case-insensitive wildcard.</summary>
    internal static bool MatchValue(PropertyNode p, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (p.Number is { } n && !p.HasWildcard)
                return value.TryGetDouble(out var d) && Compare(d.CompareTo(n), 0, p.Operator);
            return p.Operator == ComparisonOperator.Equal && WildcardPattern.IsMatch(value.GetRawText(), p.Value);
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null) return false;
        if (p.Operator == ComparisonOperator.Equal) return WildcardPattern.IsMatch(text, p.Value);
        // Ordering comparisons apply to text only when the value is not a number.
        return p.Number is null && value.ValueKind == JsonValueKind.String
            && Compare(string.CompareOrdinal(text, p.Value), 0, p.Operator);
    }

    internal static bool Compare(int left, int right, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => left == right,
        ComparisonOperator.NotEqual => left != right,
        ComparisonOperator.Greater => left > right,
        ComparisonOperator.GreaterOrEqual => left >= right,
        ComparisonOperator.Less => left < right,
        ComparisonOperator.LessOrEqual => left <= right,
        _ => false,
    };

    private sealed class MatchContext(LogEvent e) : IDisposable
    {
        private List<string>? _messageTokens;
        private List<string>? _exceptionTokens;
        private JsonDocument? _properties;
        private bool _parsed;

        public LogEvent Event { get; } = e;

        public List<string> MessageTokens => _messageTokens ??= FullTextTokens.Tokenize(Event.Message);

        public List<string> ExceptionTokens => _exceptionTokens ??= FullTextTokens.Tokenize(Event.Exception);

        public bool TryGetProperty(string name, out JsonElement value)
        {
            value = default;
            if (!_parsed)
            {
                _parsed = true;
                if (!string.IsNullOrEmpty(Event.PropertiesJson))
                {
                    try { _properties = JsonDocument.Parse(Event.PropertiesJson); }
                    catch (JsonException) { _properties = null; }
                }
            }
            if (_properties is null || _properties.RootElement.ValueKind != JsonValueKind.Object) return false;
            return PropertyPath.TryResolve(_properties.RootElement, name, out value);
        }

        public void Dispose() => _properties?.Dispose();
    }
}

using System.Globalization;
using AiLogger.Domain.Common;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Traces;

/// <summary>
/// The query language over traces (DESIGN §5, same parser): words match span names; <c>service:</c> (or
/// <c>source:</c>), <c>name:</c>, <c>status:</c>, <c>kind:</c>, <c>duration&gt;500ms</c>, <c>trace:</c>, <c>span:</c>;
/// any other <c>name:value</c> is a span attribute; <c>has:gen_ai</c> an attribute name or prefix. A trace matches when
/// one of its spans does.
/// </summary>
public sealed record TraceQuery(string Text, QueryNode? Root)
{
    public static TraceQuery All { get; } = new(string.Empty, null);

    /// <summary>Parses and checks <paramref name="text"/>; throws <see cref="LogQuerySyntaxException"/> naming what is wrong.</summary>
    public static TraceQuery Parse(string? text)
    {
        var query = LogQuery.Parse(text);
        if (query.Root is null) return All;
        Check(query.Root, query.Text);
        return new TraceQuery(query.Text, query.Root);
    }

    public bool MatchesAll => Root is null;

    /// <summary>A duration as the query writes it (<c>500ms</c>, <c>2s</c>, <c>1m</c>; a bare number is milliseconds), in nanoseconds.</summary>
    public static bool TryReadDuration(string value, out long nanos)
    {
        nanos = 0;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            if (ms is < 0 or > 1e12) return false;
            nanos = (long)(ms * 1_000_000);
            return true;
        }
        if (!Durations.TryParse(value, out var duration) || duration.Value.TotalDays > 3650) return false;
        nanos = duration.Value.Ticks * 100;
        return true;
    }

    public static bool TryReadStatus(string value, out SpanStatus status) => Enum.TryParse(value, ignoreCase: true, out status) && Enum.IsDefined(status) && !IsNumber(value);

    public static bool TryReadKind(string value, out SpanKind kind) => Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !IsNumber(value);

    private static bool IsNumber(string value) => value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '-');

    private static void Check(QueryNode node, string text)
    {
        switch (node)
        {
            case AndNode and:
                foreach (var child in and.Children) Check(child, text);
                break;
            case OrNode or:
                foreach (var child in or.Children) Check(child, text);
                break;
            case NotNode not:
                Check(not.Child, text);
                break;
            case LevelNode:
                throw new LogQuerySyntaxException(Position(text, "level"), "expected a span term: 'level' applies to logs; use status:error for failed spans");
            case FieldNode { Field: QueryField.Tag or QueryField.EventType } field:
                throw new LogQuerySyntaxException(0, $"expected a span term: '{(field.Field == QueryField.Tag ? "tag" : "type")}:' applies to logs");
            case PropertyNode property:
                CheckProperty(property, text);
                break;
        }
    }

    private static void CheckProperty(PropertyNode property, string text)
    {
        var name = property.Name.ToLowerInvariant();
        var at = Position(text, property.Name);
        switch (name)
        {
            case "duration":
                if (!TryReadDuration(property.Value, out _))
                    throw new LogQuerySyntaxException(at, $"expected a duration after 'duration' such as 500ms, 2s or 1m, not '{property.Value}'");
                break;
            case "status":
                if (property.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) || !TryReadStatus(property.Value, out _))
                    throw new LogQuerySyntaxException(at, $"expected status:error, status:ok or status:unset, not '{property.Name}{QueryNode.Symbol(property.Operator)}{property.Value}'");
                break;
            case "kind":
                if (property.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) || !TryReadKind(property.Value, out _))
                    throw new LogQuerySyntaxException(at, $"expected kind: server, client, internal, producer or consumer, not '{property.Value}'");
                break;
            case "service" or "name":
                if (property.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
                    throw new LogQuerySyntaxException(at, $"expected ':' or '!=' after '{property.Name}'");
                break;
        }
    }

    private static int Position(string text, string name) => Math.Max(0, text.IndexOf(name, StringComparison.OrdinalIgnoreCase));
}

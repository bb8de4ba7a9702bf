using System.Globalization;
using System.Text;

namespace AiLogger.Tests.Fuzz;

/// <summary>
/// Seeded generator of what an attacker or a broken client sends: deep nesting, long runs, huge and malformed
/// numbers and dates, control characters and lone surrogates, injection strings, and valid examples mutated at
/// random (insertions, deletions, flips, truncations). The same seed gives the same cases, so a failure reproduces.
/// </summary>
public sealed class HostileInput(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Atoms =
    [
        "", " ", "\0", "\u0001", "\t", "\r\n", "\u202E", "\uD800", "\uDFFF", "😀", "ß", "İ", "\u0085", "\u2028",
        "(", ")", "((((", "))))", "\"", "\\", "\\\"", "'", "`", "*", "**", "?", ":", "::", "=", "!=", ">", ">=", "<", "<=", "-", "--",
        "NOT", "OR", "AND", "not", "level:", "level>=", "source:", "has:", "trace:", "tag:", "x.y.z:", "@l:", "$.a",
        "0", "-1", "1e309", "-1e309", "NaN", "Infinity", "-0", "9223372036854775808", "-9223372036854775809", "0x1F", "1_000", "١٢٣",
        "800000d", "99999999999999999999d", "3000000d", "1e308s", "-5m", "10675199.02:48:05.4775808", "00:00:00", "1w", "0ms",
        "0001-01-01", "9999-12-31T23:59:59Z", "2026-13-45T25:61:61Z", "2026-11-25T10:00:00+99:00", "1970-01-01", "-1000-01-01",
        "'; DROP TABLE log_events; --", "%s%n%x", "{0}", "{{", "}}", "{@x}", "{$x:000}", "<script>alert(1)</script>",
        "../../etc/passwd", "/etc/shadow", "C:\\Windows", "%00", "%2e%2e%2f", "null", "true", "false", "[]", "{}", "[[[]]]",
    ];

    public int Next(int max) => _random.Next(max);

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A short hostile string: atoms glued together, sometimes repeated into a long run.</summary>
    public string Text(int maxAtoms = 6)
    {
        var builder = new StringBuilder();
        for (var i = _random.Next(1, maxAtoms + 1); i > 0; i--) builder.Append(Pick(Atoms));
        if (Chance(0.05)) builder.Insert(0, string.Concat(Enumerable.Repeat(Pick(Atoms), _random.Next(100, 3_000))));
        if (Chance(0.05)) builder.Append(new string((char)_random.Next(32, 127), _random.Next(1_000, 20_000)));
        return builder.ToString();
    }

    /// <summary>A query of the query language's pieces, often malformed, sometimes nested or long.</summary>
    public string Query()
    {
        if (Chance(0.1)) return new string('(', _random.Next(1, 3_000)) + "x" + new string(')', _random.Next(1, 3_000));
        if (Chance(0.1)) return string.Join(Pick(new[] { " OR ", " ", " AND ", " -" }), Enumerable.Range(0, _random.Next(1, 400)).Select(_ => Text(2)));
        var parts = new List<string>();
        for (var i = _random.Next(1, 12); i > 0; i--)
            parts.Add(Pick(new[] { Text(2), $"level{Pick(new[] { ":", ">=", "<" })}{Text(1)}", $"{Text(1)}:{Text(1)}", $"\"{Text(3)}\"", "(", ")", "NOT", "OR", "-" }));
        return string.Join(Chance(0.8) ? " " : "", parts);
    }

    /// <summary>Random JSON, valid or not: nested up to <paramref name="depth"/>, odd types, odd names.</summary>
    public string Json(int depth = 6)
    {
        if (Chance(0.02)) return new string('[', _random.Next(50, 5_000)) + new string(']', _random.Next(0, 5_000));
        if (Chance(0.02)) return "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", _random.Next(50, 2_000))) + "1";
        return Value(depth);
    }

    private string Value(int depth) => (depth <= 0 ? _random.Next(4) : _random.Next(7)) switch
    {
        0 => JsonString(Text(3)),
        1 => Pick(new[] { "0", "-1", "1.5", "1e309", "-0", "123456789012345678901234567890", "NaN", "true", "false", "null" }),
        2 => JsonString(Pick(Atoms)),
        3 => "null",
        4 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(0, 5)).Select(_ => Value(depth - 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(0, 6)).Select(_ => $"{JsonString(Chance(0.5) ? Pick(Names) : Text(2))}:{Value(depth - 1)}")) + "}",
    };

    private static readonly string[] Names =
    [
        "@t", "@mt", "@m", "@l", "@x", "@i", "@r", "@tr", "@sp", "Events", "Timestamp", "Level", "MessageTemplate", "Properties",
        "message", "level", "timestamp", "ts", "component", "source", "details", "tags", "trace_id", "span_id", "type", "event", "logger",
        "id", "predicted", "actual", "confidence", "probabilities", "features", "validatedAt", "classCounts", "from", "to", "name", "classes",
        "version", "kind", "query", "window", "comparison", "threshold", "channels", "url", "smtpHost", "smtpPort", "to", "until",
        "scopes", "email", "password", "roles", "path", "pattern", "format", "eventDays", "rules", "levels", "days", "maxDatabaseBytes",
    ];

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>A valid example damaged at a few random places, or cut short.</summary>
    public string Mutate(string example)
    {
        var builder = new StringBuilder(example);
        for (var i = _random.Next(1, 5); i > 0 && builder.Length > 0; i--)
        {
            var at = _random.Next(builder.Length);
            switch (_random.Next(5))
            {
                case 0: builder.Remove(at, Math.Min(builder.Length - at, _random.Next(1, 8))); break;
                case 1: builder.Insert(at, Pick(Atoms)); break;
                case 2: builder[at] = (char)_random.Next(0, 128); break;
                case 3: builder.Insert(at, Value(2)); break;
                default: builder.Length = at; break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Raw bytes: mostly text of the given example mutated, sometimes invalid UTF-8 or a gzip header on garbage.</summary>
    public byte[] Bytes(string example)
    {
        if (Chance(0.05)) return [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, .. Enumerable.Range(0, _random.Next(1, 200)).Select(_ => (byte)_random.Next(256))];
        if (Chance(0.05)) return Enumerable.Range(0, _random.Next(1, 500)).Select(_ => (byte)_random.Next(256)).ToArray();
        var text = Chance(0.5) ? Mutate(example) : Chance(0.5) ? Json() : Text();
        return Encoding.UTF8.GetBytes(text);
    }

    public string Number() => Pick(new[]
    {
        "0", "1", "-1", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999", "1.5", "1e5", "NaN", "", "abc",
        _random.Next().ToString(CultureInfo.InvariantCulture),
    });
}

namespace AiLogger.Infrastructure.Persistence.Postgres;

/// <summary>
/// Text as PostgreSQL takes it: a <c>text</c> value cannot hold NUL, and Npgsql refuses a lone UTF-16 surrogate
/// (SQLite stores both, the second as U+FFFD). Both become U+FFFD, so such an event is stored instead of failing its batch.
/// </summary>
internal static class PostgresText
{
    private const char Replacement = '\uFFFD';

    public static string? Clean(string? value)
    {
        if (value is null || value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 && !value.Contains('\0')) return value;
        return string.Create(value.Length, value, static (target, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (c == '\0') target[i] = Replacement;
                else if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                {
                    target[i] = c;
                    target[++i] = source[i];
                }
                else target[i] = char.IsSurrogate(c) ? Replacement : c;
            }
        });
    }
}

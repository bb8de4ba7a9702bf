using System.Text.RegularExpressions;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Traces;

/// <summary>
/// What a model costs, in the currency of the table (US dollars for the defaults) per million tokens, from
/// <see cref="From"/> on (always, when null). <see cref="Pattern"/> is a case-insensitive wildcard over the whole model
/// name (<c>*</c> any characters: <c>gpt-4o-mini*</c>), or a regular expression between slashes
/// (<c>/^(openai\/)?gpt-4o$/</c>, case-insensitive, searched in the name). <see cref="Custom"/> entries are an admin's
/// (Settings → Model prices); the others come from configuration (<c>AiLogger:Prices</c>).
/// </summary>
public sealed record ModelPrice(string Pattern, decimal InputPerMillion, decimal OutputPerMillion, decimal? CachedInputPerMillion, DateTimeOffset? From, bool Custom)
{
    public const int MaxPatternChars = 200;

    /// <summary>A price over this per million tokens is surely a typing mistake.</summary>
    public const decimal MaxPerMillion = 1_000_000m;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>The stored row's id for custom entries; null for defaults and new entries.</summary>
    public long? Id { get; init; }

    public bool IsRegex => Pattern.Length >= 2 && Pattern[0] == '/' && Pattern[^1] == '/';

    /// <summary>How specific the pattern is: its characters other than wildcards (a regex counts whole).</summary>
    public int Specificity => IsRegex ? Pattern.Length - 2 : Pattern.Count(c => c != '*');

    /// <summary>Field → what is wrong (empty when the price can be saved): <c>pattern</c>, <c>input</c>, <c>output</c>, <c>cachedInput</c>.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Pattern)) errors["pattern"] = "A pattern is required, such as gpt-4o* or /^claude-3-5-sonnet/.";
        else if (Pattern.Length > MaxPatternChars) errors["pattern"] = $"The pattern is at most {MaxPatternChars} characters.";
        else if (Pattern != Pattern.Trim()) errors["pattern"] = "The pattern has spaces at its start or end.";
        else if (IsRegex && CompileRegex() is null) errors["pattern"] = "The pattern between slashes is not a valid regular expression.";
        else if (IsRegex && Pattern.Length == 2) errors["pattern"] = "The regular expression between the slashes is empty.";
        Check(errors, "input", "The input price", InputPerMillion);
        Check(errors, "output", "The output price", OutputPerMillion);
        if (CachedInputPerMillion is { } cached) Check(errors, "cachedInput", "The cached input price", cached);
        return errors;
    }

    private static void Check(Dictionary<string, string> errors, string field, string what, decimal value)
    {
        if (value < 0) errors[field] = $"{what} cannot be negative.";
        else if (value > MaxPerMillion) errors[field] = $"{what} is at most {MaxPerMillion:N0} per million tokens.";
    }

    /// <summary>Whether <paramref name="model"/> is one this price is for.</summary>
    public bool Matches(string model)
    {
        if (!IsRegex) return WildcardPattern.IsMatch(model, Pattern);
        try
        {
            return CompileRegex()?.IsMatch(model) == true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Compiled once per pattern for every table (a record must not carry the cache: `with` and equality would see it).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex?> Compiled = new(StringComparer.Ordinal);

    private Regex? CompileRegex()
    {
        if (Compiled.TryGetValue(Pattern, out var known)) return known;
        Regex? regex;
        try
        {
            regex = new Regex(Pattern[1..^1], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            regex = null;
        }
        if (Compiled.Count >= 1_000) Compiled.Clear();
        Compiled[Pattern] = regex;
        return regex;
    }

    /// <summary>The cost of the tokens at this price; cached tokens are part of <paramref name="input"/>, priced at the cached rate when there is one.</summary>
    public decimal CostOf(long input, long output, long cachedInput)
    {
        input = Math.Max(0, input);
        var cached = Math.Clamp(cachedInput, 0, input);
        return ((input - cached) * InputPerMillion + cached * (CachedInputPerMillion ?? InputPerMillion) + Math.Max(0, output) * OutputPerMillion) / 1_000_000m;
    }
}

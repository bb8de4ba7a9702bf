using AiLogger.Domain.Logs;

namespace AiLogger.Domain.Storage;

/// <summary>
/// How long each kind of data is kept, and how large the database may grow. Events take the days of the first rule
/// they match, else <see cref="EventDays"/>; past <see cref="MaxDatabaseBytes"/> the oldest data is deleted first,
/// whatever the rules say (as Seq's storage limit does). 0 days keeps that data for ever.
/// </summary>
public sealed record RetentionPolicy
{
    public const int MaxRules = 50;
    public const int MaxDays = 36_500;
    public const long MinDatabaseBytes = 16L * 1024 * 1024;

    public int EventDays { get; init; }

    public IReadOnlyList<RetentionRule> Rules { get; init; } = [];

    public int PredictionDays { get; init; }

    /// <summary>Resolved alerts; at least 1 day (firing ones are never deleted).</summary>
    public int AlertDays { get; init; } = 90;

    /// <summary>The largest the data may grow to (bytes in use in the database file); null for no limit.</summary>
    public long? MaxDatabaseBytes { get; init; }

    /// <summary>The days events of this source and level are kept (0: for ever).</summary>
    public int DaysFor(string? source, LogLevel level) => Rules.FirstOrDefault(r => r.Matches(source, level))?.Days ?? EventDays;

    /// <summary>Field → what is wrong with it; empty when the policy can be applied.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (EventDays is < 0 or > MaxDays) errors["eventDays"] = $"Events are kept 0 (for ever) to {MaxDays:N0} days, not {EventDays}.";
        if (PredictionDays is < 0 or > MaxDays) errors["predictionDays"] = $"Predictions are kept 0 (for ever) to {MaxDays:N0} days, not {PredictionDays}.";
        if (AlertDays is < 1 or > MaxDays) errors["alertDays"] = $"Resolved alerts are kept 1 to {MaxDays:N0} days, not {AlertDays}.";
        if (MaxDatabaseBytes is { } max && max < MinDatabaseBytes)
            errors["maxDatabaseBytes"] = $"The size limit is at least {MinDatabaseBytes / 1048576} MB (or none), not {max:N0} bytes.";
        if (Rules.Count > MaxRules) errors["rules"] = $"At most {MaxRules} rules.";
        for (var i = 0; i < Rules.Count && !errors.ContainsKey("rules"); i++)
        {
            var rule = Rules[i];
            if (rule.Days is < 0 or > MaxDays) errors["rules"] = $"Rule {i + 1}: keep 0 (for ever) to {MaxDays:N0} days, not {rule.Days}.";
            else if (rule.Source is { Length: > 200 }) errors["rules"] = $"Rule {i + 1}: the source pattern is longer than 200 characters.";
            else if (string.IsNullOrWhiteSpace(rule.Source) && rule.Levels.Count == 0)
                errors["rules"] = $"Rule {i + 1} names neither a source nor a level: that is the default, set it above.";
        }
        return errors;
    }
}

using System.Text.RegularExpressions;
using AiLogger.Domain.Common;
using AiLogger.Domain.Logs.Query;

namespace AiLogger.Domain.Alerts;

/// <summary>
/// A rule as a person types it (durations as text: "5m", "1h", "00:05:00"), for the API and the rules page.
/// <see cref="Validate"/> names each field that is wrong, or builds the <see cref="AlertRule"/>.
/// </summary>
public sealed partial record AlertRuleDraft
{
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxLogWindow = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxModelWindow = TimeSpan.FromDays(366);
    public static readonly TimeSpan MaxFor = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxCooldown = TimeSpan.FromDays(30);
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxQueryLength = 4_000;
    public const int MaxChannels = 20;

    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary><see cref="AlertKinds"/>; <c>logs</c> when empty.</summary>
    public string? Kind { get; init; }

    public string? Query { get; init; }

    public string? GroupBy { get; init; }

    public string? Window { get; init; }

    /// <summary><c>&gt;=</c> when empty for <c>logs</c> rules; model and drift rules must say.</summary>
    public string? Comparison { get; init; }

    public double? Threshold { get; init; }

    public string? For { get; init; }

    public string? Cooldown { get; init; }

    public bool Repeat { get; init; }

    public bool NotifyOnResolve { get; init; } = true;

    /// <summary><see cref="AlertSeverities"/>; <c>medium</c> when empty.</summary>
    public string? Severity { get; init; }

    public bool Enabled { get; init; } = true;

    public IReadOnlyList<long> Channels { get; init; } = [];

    public string? Model { get; init; }

    public string? Metric { get; init; }

    public string? Class { get; init; }

    public string? Feature { get; init; }

    /// <summary>For metric rules: <see cref="SystemMetrics.MetricKinds.AcceptedNames"/>; the metric kind's default when empty.</summary>
    public string? Aggregation { get; init; }

    /// <summary>For metric rules: <c>key=value</c> pairs, comma-separated (<see cref="MetricRuleFilter"/>).</summary>
    public string? Filter { get; init; }

    /// <summary>The draft of an existing rule, for an edit form.</summary>
    public static AlertRuleDraft Of(AlertRule rule) => new()
    {
        Name = rule.Name,
        Description = rule.Description,
        Kind = rule.Kind,
        Query = rule.Query.Text,
        GroupBy = rule.GroupBy,
        Window = rule.Window == TimeSpan.Zero ? null : Durations.Format(rule.Window),
        Comparison = rule.Comparison.Symbol(),
        Threshold = rule.Threshold,
        For = Durations.Format(rule.For),
        Cooldown = Durations.Format(rule.Cooldown),
        Repeat = rule.Repeat,
        NotifyOnResolve = rule.NotifyOnResolve,
        Severity = rule.Severity.Name(),
        Enabled = rule.Enabled,
        Channels = rule.Channels,
        Model = rule.Model,
        Metric = rule.Metric,
        Class = rule.Class,
        Feature = rule.Feature,
        Aggregation = rule.Aggregation,
        Filter = rule.Filter.Count == 0 ? null : MetricRuleFilter.Format(rule.Filter),
    };

    /// <summary>Field (camelCase, as in the API) → what is wrong with it; empty when <paramref name="rule"/> was built.</summary>
    /// <remarks>Channel ids are only checked for shape here; the store checks that they exist.</remarks>
    public IReadOnlyDictionary<string, string> Validate(out AlertRule? rule)
    {
        rule = null;
        var errors = new Dictionary<string, string>();
        var name = Name?.Trim() ?? string.Empty;
        if (name.Length == 0) errors["name"] = "A rule needs a name.";
        else if (name.Length > MaxNameLength) errors["name"] = $"The name is longer than {MaxNameLength} characters.";
        var description = Blank(Description);
        if (description?.Length > MaxDescriptionLength) errors["description"] = $"The description is longer than {MaxDescriptionLength} characters.";

        var kind = string.IsNullOrWhiteSpace(Kind) ? AlertKinds.Logs : AlertKinds.Normalize(Kind);
        if (kind is null)
        {
            errors["kind"] = $"'{Kind}' is not a kind of rule; use logs, metric, modelMetric, drift or tests.";
            kind = AlertKinds.Logs;
        }

        var query = LogQuery.All;
        string? groupBy = null;
        string? model = null, metric = null, cls = null, feature = null, aggregation = null;
        IReadOnlyDictionary<string, string> filter = new Dictionary<string, string>();
        if (kind != AlertKinds.Metric)
        {
            if (!string.IsNullOrWhiteSpace(Aggregation)) errors["aggregation"] = $"A {kind} rule has no aggregation; only metric rules do.";
            if (!string.IsNullOrWhiteSpace(Filter) && kind != AlertKinds.Tests) errors["filter"] = $"A {kind} rule has no filter; only metric and tests rules do.";
        }
        if (kind == AlertKinds.Tests)
        {
            foreach (var (field, value) in new[] { ("query", Query), ("model", Model), ("class", Class), ("feature", Feature), ("groupBy", GroupBy) })
                if (!string.IsNullOrWhiteSpace(value)) errors[field] = $"A tests rule has no {field}; it reads the project (and branch) named in 'filter'.";
            filter = MetricRuleFilter.Parse(Filter, out var filterError);
            if (filterError is not null) errors["filter"] = filterError;
            else if (!filter.TryGetValue("project", out var project) || string.IsNullOrWhiteSpace(project))
                errors["filter"] = "A tests rule names its project in 'filter': project=checkout (and branch=main to watch one branch).";
            else if (filter.Keys.FirstOrDefault(k => k is not ("project" or "branch")) is { } other)
                errors["filter"] = $"A tests rule's filter takes project and branch, not '{other}'.";
            metric = AlertMetrics.Normalize(AlertMetrics.Tests, Metric);
            if (metric is null)
                errors["metric"] = string.IsNullOrWhiteSpace(Metric)
                    ? $"A tests rule needs a metric: one of {string.Join(", ", AlertMetrics.Tests)}."
                    : $"'{Metric}' is not a tests metric; use one of {string.Join(", ", AlertMetrics.Tests)}.";
        }
        else if (kind == AlertKinds.Metric)
        {
            foreach (var (field, value) in new[] { ("query", Query), ("model", Model), ("class", Class), ("feature", Feature) })
                if (!string.IsNullOrWhiteSpace(value)) errors[field] = $"A metric rule has no {field}; it reads the metric named in 'metric', narrowed by 'filter'.";
            metric = Blank(Metric);
            if (metric is null) errors["metric"] = "A metric rule needs the metric's name, such as system.memory.utilization.";
            else if (!MetricName().IsMatch(metric)) errors["metric"] = $"'{metric}' is not a metric name (letters, digits, '.', '_', '-', '/', up to 255).";
            if (!string.IsNullOrWhiteSpace(Aggregation))
            {
                if (SystemMetrics.MetricKinds.TryParse(Aggregation, out var parsed)) aggregation = SystemMetrics.MetricKinds.Name(parsed);
                else errors["aggregation"] = $"'{Aggregation}' is not an aggregation; use one of {SystemMetrics.MetricKinds.AcceptedNames}.";
            }
            filter = MetricRuleFilter.Parse(Filter, out var filterError);
            if (filterError is not null) errors["filter"] = filterError;
            var keys = MetricRuleFilter.GroupKeys(GroupBy);
            if (keys.FirstOrDefault(k => !FieldName().IsMatch(k)) is { } badKey)
                errors["groupBy"] = $"'{badKey}' is not an attribute key to group by; use keys such as host, mountpoint or service, comma-separated.";
            else if (keys.Count > 5) errors["groupBy"] = "A metric rule groups by at most 5 keys.";
            else if (keys.Count > 0) groupBy = string.Join(", ", keys.Distinct(StringComparer.Ordinal));
        }
        else if (kind == AlertKinds.Logs)
        {
            if (Query?.Length > MaxQueryLength) errors["query"] = $"The query is longer than {MaxQueryLength} characters.";
            else
            {
                try
                {
                    query = LogQuery.Parse(Query);
                }
                catch (LogQuerySyntaxException error)
                {
                    errors["query"] = error.Message;
                }
            }
            groupBy = Blank(GroupBy);
            if (groupBy is not null && !FieldName().IsMatch(groupBy))
                errors["groupBy"] = $"'{groupBy}' is not a field to group by; use source, level, type, tag or a property name.";
            foreach (var (field, value) in new[] { ("model", Model), ("metric", Metric), ("class", Class), ("feature", Feature) })
                if (!string.IsNullOrWhiteSpace(value)) errors[field] = $"A logs rule has no {field}; it counts the events its query matches.";
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(Query)) errors["query"] = $"A {kind} rule has no query; it watches the model named in 'model'.";
            if (!string.IsNullOrWhiteSpace(GroupBy)) errors["groupBy"] = $"A {kind} rule has no groupBy.";
            model = Blank(Model);
            if (model is null) errors["model"] = $"A {kind} rule needs the name of the model it watches.";
            else if (!ModelName().IsMatch(model)) errors["model"] = $"'{model}' is not a model name (letters, digits, '.', '_', '-', ':', up to 200).";

            var metrics = kind == AlertKinds.ModelMetric ? AlertMetrics.Model : AlertMetrics.Drift;
            metric = string.IsNullOrWhiteSpace(Metric) && kind == AlertKinds.Drift ? AlertMetrics.Drifted : AlertMetrics.Normalize(metrics, Metric);
            if (metric is null)
                errors["metric"] = string.IsNullOrWhiteSpace(Metric)
                    ? $"A {kind} rule needs a metric: one of {string.Join(", ", metrics)}."
                    : $"'{Metric}' is not a {kind} metric; use one of {string.Join(", ", metrics)}.";

            cls = Blank(Class);
            if (cls is not null)
            {
                if (kind != AlertKinds.ModelMetric) errors["class"] = "Only a modelMetric rule names a class.";
                else if (metric is not null && !AlertMetrics.PerClass.Contains(metric))
                    errors["class"] = $"{metric} is not computed per class; a class goes with precision, recall or f1.";
                else if (cls.Length > MaxNameLength) errors["class"] = $"The class is longer than {MaxNameLength} characters.";
            }
            feature = Blank(Feature);
            if (feature is not null)
            {
                if (kind != AlertKinds.Drift) errors["feature"] = "Only a drift rule names a feature.";
                else if (feature.Length > MaxNameLength) errors["feature"] = $"The feature is longer than {MaxNameLength} characters.";
            }
        }

        var window = TimeSpan.Zero;
        if (kind is AlertKinds.Drift or AlertKinds.Tests && string.IsNullOrWhiteSpace(Window)) { }
        else if (string.IsNullOrWhiteSpace(Window)) errors["window"] = "A rule needs a window such as 5m, 1h or 7d.";
        else if (!Durations.TryParse(Window, out var parsedWindow)) errors["window"] = $"'{Window}' is not a duration; write 90s, 5m, 1h, 7d or hh:mm:ss.";
        else
        {
            window = parsedWindow.Value;
            var max = kind is AlertKinds.Logs or AlertKinds.Metric ? MaxLogWindow : MaxModelWindow;
            if (window < MinWindow) errors["window"] = $"The window must be at least {Durations.Format(MinWindow)}.";
            else if (window > max) errors["window"] = $"The window must be at most {Durations.Format(max)}.";
        }

        AlertComparison comparison = AlertComparison.GreaterOrEqual;
        if (string.IsNullOrWhiteSpace(Comparison))
        {
            if (kind is not (AlertKinds.Logs or AlertKinds.Metric)) errors["comparison"] = $"A {kind} rule needs a comparison: {AlertComparisons.AcceptedNames}.";
        }
        else if (AlertComparisons.TryParse(Comparison, out var parsedComparison)) comparison = parsedComparison.Value;
        else errors["comparison"] = $"'{Comparison}' is not a comparison; use {AlertComparisons.AcceptedNames}.";

        var threshold = Threshold ?? 0;
        if (Threshold is null) errors["threshold"] = "A rule needs a threshold (a number).";
        else if (!double.IsFinite(threshold)) errors["threshold"] = "The threshold must be a finite number.";
        else if (kind == AlertKinds.Logs && threshold < 0) errors["threshold"] = "A count is never negative; the threshold must be 0 or more.";
        else if (kind == AlertKinds.ModelMetric && threshold is < 0 or > 1)
            errors["threshold"] = "Model metrics are fractions; the threshold must be between 0 and 1 (0.8 for 80 %).";
        else if (kind == AlertKinds.Tests && metric == AlertMetrics.PassRate && threshold is < 0 or > 1)
            errors["threshold"] = "A pass rate is a fraction; the threshold must be between 0 and 1 (0.95 for 95 %).";
        else if (kind == AlertKinds.Drift && metric is AlertMetrics.Drifted or AlertMetrics.PValue && threshold is < 0 or > 1)
            errors["threshold"] = $"{metric} is between 0 and 1; so must the threshold be.";

        var forDuration = ReadDuration(For, "for", TimeSpan.Zero, MaxFor, errors);
        var cooldown = ReadDuration(Cooldown, "cooldown", DefaultCooldown, MaxCooldown, errors);

        var severity = AlertSeverity.Medium;
        if (!string.IsNullOrWhiteSpace(Severity))
        {
            if (AlertSeverities.TryParse(Severity, out var parsedSeverity)) severity = parsedSeverity.Value;
            else errors["severity"] = $"'{Severity}' is not a severity; use {AlertSeverities.AcceptedNames}.";
        }

        var channels = Channels.Distinct().ToList();
        if (channels.Any(id => id <= 0)) errors["channels"] = "Channel ids are positive numbers.";
        else if (channels.Count > MaxChannels) errors["channels"] = $"A rule notifies at most {MaxChannels} channels.";

        if (errors.Count > 0) return errors;
        rule = new AlertRule
        {
            Name = name,
            Description = description,
            Kind = kind,
            Query = query,
            GroupBy = groupBy,
            Window = window,
            Comparison = comparison,
            Threshold = threshold,
            For = forDuration,
            Cooldown = cooldown,
            Repeat = Repeat,
            NotifyOnResolve = NotifyOnResolve,
            Severity = severity,
            Enabled = Enabled,
            Channels = channels,
            Model = model,
            Metric = metric,
            Class = cls,
            Feature = feature,
            Aggregation = aggregation,
            Filter = filter,
        };
        return errors;
    }

    private static TimeSpan ReadDuration(string? text, string field, TimeSpan fallback, TimeSpan max, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (!Durations.TryParse(text, out var duration))
        {
            errors[field] = $"'{text}' is not a duration; write 0s, 90s, 5m, 1h or hh:mm:ss.";
            return fallback;
        }
        if (duration.Value > max) errors[field] = $"{field} must be at most {Durations.Format(max)}.";
        return duration.Value;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^[A-Za-z_@$][A-Za-z0-9_.\-@$]{0,127}$")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-:]{0,199}$")]
    private static partial Regex ModelName();

    /// <summary>OpenTelemetry's instrument name syntax (plus ':' as Prometheus names have).</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-/:]{0,254}$")]
    private static partial Regex MetricName();
}

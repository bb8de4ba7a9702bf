using AiLogger.Domain.Alerts;
using AiLogger.Domain.Common;

namespace AiLogger.Tests.Domain.Alerts;

public sealed class AlertRuleDraftTests
{
    private static readonly AlertRuleDraft Valid = new() { Name = "errors", Query = "level>=error", Window = "5m", Threshold = 3 };

    [Fact]
    public void A_valid_draft_builds_a_rule_with_defaults()
    {
        Assert.Empty(Valid.Validate(out var rule));

        Assert.Equal(AlertKinds.Logs, rule!.Kind);
        Assert.Equal(TimeSpan.FromMinutes(5), rule.Window);
        Assert.Equal(AlertComparison.GreaterOrEqual, rule.Comparison);
        Assert.Equal(AlertSeverity.Medium, rule.Severity);
        Assert.Equal(AlertRuleDraft.DefaultCooldown, rule.Cooldown);
        Assert.Equal(TimeSpan.Zero, rule.For);
        Assert.False(rule.Repeat);
        Assert.True(rule.NotifyOnResolve);
        Assert.Equal("count(level>=error) over 5m >= 3", rule.Condition);
    }

    [Theory]
    [InlineData("query", "level:", "character")]
    [InlineData("window", "5x", "not a duration")]
    [InlineData("window", "1s", "at least 10s")]
    [InlineData("window", "60d", "at most 31d")]
    [InlineData("window", "1e9d", "not a duration")]
    [InlineData("window", "Infinityh", "not a duration")]
    [InlineData("comparison", "~", "not a comparison")]
    [InlineData("severity", "urgent", "not a severity")]
    [InlineData("kind", "metrics", "not a kind")]
    [InlineData("cooldown", "soon", "not a duration")]
    [InlineData("for", "8d", "at most 7d")]
    [InlineData("groupBy", "a b", "not a field")]
    public void A_bad_field_is_named_with_the_reason(string field, string value, string message)
    {
        var draft = field switch
        {
            "query" => Valid with { Query = value },
            "window" => Valid with { Window = value },
            "comparison" => Valid with { Comparison = value },
            "severity" => Valid with { Severity = value },
            "kind" => Valid with { Kind = value },
            "cooldown" => Valid with { Cooldown = value },
            "for" => Valid with { For = value },
            _ => Valid with { GroupBy = value },
        };

        var errors = draft.Validate(out var rule);

        Assert.Null(rule);
        Assert.Contains(message, errors[field]);
    }

    [Fact]
    public void A_query_error_gives_the_parser_s_position()
    {
        var errors = (Valid with { Query = "level>=error AND (" }).Validate(out _);

        Assert.StartsWith("Query error at character", errors["query"]);
    }

    [Fact]
    public void Missing_name_window_and_threshold_are_each_reported()
    {
        var errors = new AlertRuleDraft().Validate(out _);

        Assert.Equal(["name", "threshold", "window"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("auc", null, "metric", "not a modelMetric metric")]
    [InlineData("accuracy", "glass", "class", "not computed per class")]
    [InlineData("recall", "glass", null, null)]
    [InlineData("estimatedAccuracy", null, null, null)]
    public void Model_metric_rules_check_the_metric_and_class(string metric, string? cls, string? field, string? message)
    {
        var draft = new AlertRuleDraft { Name = "m", Kind = "modelMetric", Model = "clf-v2", Metric = metric, Class = cls, Window = "7d", Comparison = "<", Threshold = 0.8 };

        var errors = draft.Validate(out var rule);

        if (field is null) Assert.Empty(errors);
        else Assert.Contains(message!, errors[field]);
        if (field is null) Assert.Equal(AlertMetrics.Model.Single(m => m.Equals(metric, StringComparison.OrdinalIgnoreCase)), rule!.Metric);
    }

    [Fact]
    public void Model_rules_need_a_model_a_comparison_and_a_fraction()
    {
        var errors = new AlertRuleDraft { Name = "m", Kind = "modelMetric", Model = "bad name!", Metric = "recall", Window = "7d", Threshold = 80 }.Validate(out _);

        Assert.Contains("not a model name", errors["model"]);
        Assert.Contains("needs a comparison", errors["comparison"]);
        Assert.Contains("between 0 and 1", errors["threshold"]);
    }

    [Fact]
    public void A_drift_rule_defaults_to_the_verdict_and_needs_no_window()
    {
        var errors = new AlertRuleDraft { Name = "d", Kind = "drift", Model = "clf", Comparison = ">=", Threshold = 1 }.Validate(out var rule);

        Assert.Empty(errors);
        Assert.Equal(AlertMetrics.Drifted, rule!.Metric);
        Assert.Equal(TimeSpan.Zero, rule.Window);
    }

    [Theory]
    [InlineData("90s", "90s")]
    [InlineData("00:05:00", "5m")]
    [InlineData("2h", "2h")]
    [InlineData("1d", "1d")]
    [InlineData("1500ms", "1500ms")]
    public void Durations_format_back_to_what_people_write(string text, string formatted)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(formatted, Durations.Format(duration.Value));
    }
}

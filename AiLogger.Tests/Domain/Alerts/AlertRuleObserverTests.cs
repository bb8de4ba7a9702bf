using AiLogger.Domain.Alerts;
using AiLogger.Domain.Logs;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.Domain.Alerts;

/// <summary>A rule's value over its window as the clock moves: events slide out, the alert resolves.</summary>
public sealed class AlertRuleObserverTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryLogAggregator _logs = new();
    private readonly AlertRuleObserver _observer;

    public AlertRuleObserverTests() => _observer = new AlertRuleObserver(_logs, new NoMetrics(), new NoMetricStore(), new NoTests());

    private void Log(LogLevel level, string source, TimeSpan ago, int count = 1)
    {
        for (var i = 0; i < count; i++)
            _logs.Events.Add(new LogEvent { Timestamp = _clock.GetUtcNow() - ago, Level = level, Message = $"boom {i}", Source = source });
    }

    [Fact]
    public async Task Events_sliding_out_of_the_window_resolve_the_alert()
    {
        var rule = AlertRules.Logs(threshold: 3, window: "5m");
        var states = new Dictionary<string, AlertGroupState>();
        Log(LogLevel.Error, "api", TimeSpan.FromSeconds(30), count: 3);
        Log(LogLevel.Information, "api", TimeSpan.FromSeconds(30), count: 10);

        async Task<AlertStep> EvaluateAsync()
        {
            var observation = await _observer.ObserveAsync(rule, _clock.GetUtcNow(), CancellationToken.None);
            var step = Assert.Single(AlertStateMachine.Step(rule, states, observation, _clock.GetUtcNow()));
            states[step.GroupKey] = step.After;
            return step;
        }

        var fired = await EvaluateAsync();
        _clock.Advance(TimeSpan.FromMinutes(4));
        var stillIn = await EvaluateAsync();
        _clock.Advance(TimeSpan.FromSeconds(31));
        var slidOut = await EvaluateAsync();

        Assert.Equal((3, AlertTransition.Fired), (fired.Value, fired.Transition));
        Assert.Equal((3, AlertTransition.None), (stillIn.Value, stillIn.Transition));
        Assert.Equal((0, AlertTransition.Resolved), (slidOut.Value, slidOut.Transition));
        Assert.True(slidOut.Notify);
    }

    [Fact]
    public async Task A_grouped_rule_counts_per_group()
    {
        var rule = AlertRules.Logs(groupBy: "source");
        Log(LogLevel.Error, "api", TimeSpan.FromMinutes(1), count: 4);
        Log(LogLevel.Fatal, "db", TimeSpan.FromMinutes(2), count: 2);
        Log(LogLevel.Error, "db", TimeSpan.FromMinutes(6), count: 5);

        var observation = await _observer.ObserveAsync(rule, _clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(new Dictionary<string, double> { ["api"] = 4, ["db"] = 2 }, observation.Values);
    }

    [Fact]
    public async Task A_model_rule_without_metrics_has_no_data_and_says_why()
    {
        Assert.Empty(new AlertRuleDraft
        {
            Name = "glass recall", Kind = "modelMetric", Model = "classifier", Metric = "recall", Class = "glass",
            Window = "7d", Comparison = "<", Threshold = 0.8,
        }.Validate(out var rule));

        var observation = await _observer.ObserveAsync(rule!, _clock.GetUtcNow(), CancellationToken.None);

        Assert.Empty(observation.Values);
        Assert.Contains("model 'classifier' has no recall for class 'glass'", observation.NoData);
    }

    [Fact]
    public async Task The_preview_charts_the_count_over_the_window_ending_at_each_bucket()
    {
        var rule = AlertRules.Logs(threshold: 3, window: "5m");
        Log(LogLevel.Error, "api", TimeSpan.FromMinutes(12), count: 2);
        Log(LogLevel.Error, "api", TimeSpan.FromMinutes(10), count: 2);

        var preview = await _observer.PreviewAsync(rule, _clock.GetUtcNow(), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(1), preview.Interval);
        Assert.Equal(60, preview.Points.Count);
        var at = (TimeSpan ago) => preview.Points.Single(p => p.End == _clock.GetUtcNow() + TimeSpan.FromMinutes(1) - ago);
        // Buckets end on whole minutes; the last one ends after "now" (12:01).
        Assert.Equal(2, at(TimeSpan.FromMinutes(10)).Count);
        Assert.Equal(4, at(TimeSpan.FromMinutes(9)).Value);
        Assert.Equal(2, at(TimeSpan.FromMinutes(6)).Value);
        Assert.Equal(0, at(TimeSpan.FromMinutes(4)).Value);
        Assert.Equal(3, preview.PointsAbove);
    }

    private sealed class NoMetrics : IModelMetricSource
    {
        public Task<double?> MetricAsync(string model, string metric, string? @class, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<double?>(null);

        public Task<DriftReading?> DriftAsync(string model, string feature, CancellationToken cancellationToken) => Task.FromResult<DriftReading?>(null);
    }

    private sealed class NoTests : AiLogger.Domain.TestResults.ITestResultStore
    {
        public Task<IReadOnlyList<AiLogger.Domain.TestResults.TestProjectSummary>> ListProjectsAsync(string? branch, string? environment, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AiLogger.Domain.TestResults.TestProjectSummary>>([]);
        public Task<IReadOnlyList<AiLogger.Domain.TestResults.TestRunSummary>> ListRunsAsync(string project, string? branch, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AiLogger.Domain.TestResults.TestRunSummary>>([]);
        public Task<AiLogger.Domain.TestResults.TestRunDetail?> GetRunAsync(long runId, CancellationToken cancellationToken) => Task.FromResult<AiLogger.Domain.TestResults.TestRunDetail?>(null);
        public Task<AiLogger.Domain.TestResults.TestResultDetail?> GetResultAsync(long runId, long caseId, CancellationToken cancellationToken) => Task.FromResult<AiLogger.Domain.TestResults.TestResultDetail?>(null);
        public Task<AiLogger.Domain.TestResults.TestCaseDetail?> GetCaseAsync(long caseId, string? branch, int limit, CancellationToken cancellationToken) => Task.FromResult<AiLogger.Domain.TestResults.TestCaseDetail?>(null);
        public Task<IReadOnlyList<AiLogger.Domain.TestResults.FlakyTest>> ListFlakyAsync(string project, string? branch, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AiLogger.Domain.TestResults.FlakyTest>>([]);
    }

    private sealed class NoMetricStore : AiLogger.Domain.SystemMetrics.IMetricStore
    {
        public Task<IReadOnlyList<AiLogger.Domain.SystemMetrics.MetricInstrument>> ListInstrumentsAsync(string? host, string? service, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AiLogger.Domain.SystemMetrics.MetricInstrument>>([]);

        public Task<IReadOnlyList<(string Host, DateTimeOffset LastSeen)>> ListHostsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<(string Host, DateTimeOffset LastSeen)>>([]);

        public Task<IReadOnlyList<AiLogger.Domain.SystemMetrics.MetricSeries>> ListSeriesAsync(AiLogger.Domain.SystemMetrics.MetricSelector selector, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AiLogger.Domain.SystemMetrics.MetricSeries>>([]);

        public Task<AiLogger.Domain.SystemMetrics.MetricQueryResult?> QueryAsync(AiLogger.Domain.SystemMetrics.MetricQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<AiLogger.Domain.SystemMetrics.MetricQueryResult?>(null);

        public Task<IReadOnlyList<(AiLogger.Domain.SystemMetrics.MetricSeries Series, AiLogger.Domain.SystemMetrics.MetricPoint Point)>> ReadPointsAsync(
            AiLogger.Domain.SystemMetrics.MetricSelector selector, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<(AiLogger.Domain.SystemMetrics.MetricSeries, AiLogger.Domain.SystemMetrics.MetricPoint)>>([]);
    }
}

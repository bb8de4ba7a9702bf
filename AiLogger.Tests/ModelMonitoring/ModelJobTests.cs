using AiLogger.Domain.ModelMonitoring;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiLogger.Tests.ModelMonitoring;

/// <summary>The metrics and drift jobs against a real SQLite file, with the clock under the test's control.</summary>
public sealed class ModelJobTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static Task<InfrastructureHost> StartAsync(FakeTimeProvider clock, Dictionary<string, string?>? settings = null) =>
        InfrastructureHost.StartAsync(settings, services => services.AddSingleton<TimeProvider>(clock));

    private static Prediction At(string id, string predicted, DateTimeOffset at, double confidence = 0.8, string? features = null) =>
        new() { ItemId = id, Predicted = predicted, Timestamp = at, Confidence = confidence, FeaturesJson = features };

    [Fact]
    public async Task Daily_counts_are_keyed_by_the_prediction_day_whatever_the_validation_day()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock);
        await host.Get<IModelCatalog>().SaveAsync(new ModelDefinition { Name = "days", Classes = ["a", "b"] }, CancellationToken.None);
        var ingestor = host.Get<IPredictionIngestor>();
        await ingestor.AddPredictionsAsync("days", [At("1", "a", Start.AddDays(-3)), At("2", "b", Start.AddDays(-3)), At("3", "a", Start.AddDays(-1))], CancellationToken.None);
        await ingestor.AddValidationsAsync("days", [new Validation { ItemId = "1", Actual = "a", ValidatedAt = Start }, new Validation { ItemId = "2", Actual = "a", ValidatedAt = Start }], CancellationToken.None);

        await host.Get<ModelMetricsJob>().RunAsync(CancellationToken.None);

        var days = (await host.Get<IModelMetrics>().GetDailyAsync("days", Start.AddDays(-10), Start, CancellationToken.None))!;
        Assert.Equal([DateOnly.FromDateTime(Start.AddDays(-3).UtcDateTime), DateOnly.FromDateTime(Start.AddDays(-1).UtcDateTime)], days.Select(d => d.Day));
        Assert.Equal(2, days[0].Validated);
        Assert.Equal(0.5, days[0].Accuracy);
        Assert.Equal(0, days[1].Validated);
        Assert.Null(days[1].Accuracy);
    }

    [Fact]
    public async Task The_recurring_run_recomputes_only_models_with_new_data()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock);
        var catalog = host.Get<IModelCatalog>();
        await catalog.SaveAsync(new ModelDefinition { Name = "quiet" }, CancellationToken.None);
        await catalog.SaveAsync(new ModelDefinition { Name = "busy" }, CancellationToken.None);
        var ingestor = host.Get<IPredictionIngestor>();
        await ingestor.AddPredictionsAsync("quiet", [At("q", "x", Start)], CancellationToken.None);
        await ingestor.AddPredictionsAsync("busy", [At("b1", "x", Start)], CancellationToken.None);
        var job = host.Get<ModelMetricsJob>();
        await job.RunAsync(CancellationToken.None);
        Assert.Equal(Start, (await catalog.FindAsync("quiet", CancellationToken.None))!.MetricsComputedAt);

        clock.Advance(TimeSpan.FromMinutes(1));
        await ingestor.AddPredictionsAsync("busy", [At("b2", "x", Start)], CancellationToken.None);
        Assert.True((await catalog.FindAsync("busy", CancellationToken.None))!.MetricsPending);
        await job.RunAsync(CancellationToken.None);

        Assert.Equal(Start, (await catalog.FindAsync("quiet", CancellationToken.None))!.MetricsComputedAt);
        var busy = (await catalog.FindAsync("busy", CancellationToken.None))!;
        Assert.Equal(Start.AddMinutes(1), busy.MetricsComputedAt);
        Assert.False(busy.MetricsPending);
        Assert.Equal(2, (await host.Get<IModelMetrics>().GetMetricsAsync("busy", Start.AddDays(-1), Start.AddDays(1), CancellationToken.None))!.Predictions);
    }

    [Fact]
    public async Task Drift_compares_the_configured_window_ending_now_and_runs_after_a_reference_change()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, new() { ["AiLogger:Models:DriftWindow"] = "3.00:00:00" });
        var catalog = host.Get<IModelCatalog>();
        await catalog.SaveAsync(new ModelDefinition { Name = "window", Classes = ["a", "b"] }, CancellationToken.None);
        var ingestor = host.Get<IPredictionIngestor>();
        var inWindow = Enumerable.Range(0, 40).Select(i => At($"in-{i}", i < 36 ? "a" : "b", Start.AddHours(-1 - i)));
        var before = Enumerable.Range(0, 40).Select(i => At($"old-{i}", "b", Start.AddDays(-5).AddHours(-i)));
        await ingestor.AddPredictionsAsync("window", inWindow.Concat(before).ToList(), CancellationToken.None);
        await catalog.SetReferenceAsync("window", ModelReference.Training(new Dictionary<string, long> { ["a"] = 50, ["b"] = 50 }), CancellationToken.None);

        // The recurring metrics run also runs drift for a model whose reference changed.
        await host.Get<ModelMetricsJob>().RunAsync(CancellationToken.None);

        var drift = Assert.Single((await host.Get<IModelMetrics>().GetDriftAsync("window", CancellationToken.None))!);
        Assert.Equal(DriftFeatureNames.PredictedClass, drift.Result.Feature);
        Assert.Equal(40, drift.CurrentCount);
        Assert.Equal(Start.AddDays(-3), drift.CurrentFrom);
        Assert.Equal(Start, drift.CurrentTo);
        Assert.True(drift.Result.Drifted);
        Assert.False((await catalog.FindAsync("window", CancellationToken.None))!.MetricsPending);
    }

    [Fact]
    public async Task Large_samples_are_thinned_to_the_configured_size()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartAsync(clock, new() { ["AiLogger:Models:MaxDriftSample"] = "1000" });
        var catalog = host.Get<IModelCatalog>();
        await catalog.SaveAsync(new ModelDefinition { Name = "thin" }, CancellationToken.None);
        var random = new Random(3);
        var reference = Enumerable.Range(0, 3_000).Select(i => At($"r{i}", "x", Start.AddDays(-20).AddMinutes(i), random.NextDouble(), $$"""{"size":{{random.Next(1000)}}}"""));
        var current = Enumerable.Range(0, 500).Select(i => At($"c{i}", "x", Start.AddMinutes(-1 - i), random.NextDouble(), $$"""{"size":{{random.Next(1000)}}}"""));
        await host.Get<IPredictionIngestor>().AddPredictionsAsync("thin", reference.Concat(current).ToList(), CancellationToken.None);
        await catalog.SetReferenceAsync("thin", ModelReference.Period(Start.AddDays(-21), Start.AddDays(-10)), CancellationToken.None);

        var drift = await host.Get<ModelDriftJob>().RunAsync((await host.Get<ModelQueries>().FindAsync("thin", CancellationToken.None))!.Id, CancellationToken.None);

        var size = drift.Single(d => d.Result.Feature == "size");
        Assert.Equal(1_000, size.ReferenceCount);
        Assert.Equal(500, size.CurrentCount);
        // 1,000 values: still the small-sample test, and no drift between two draws of one distribution.
        Assert.Equal(DriftMethods.KolmogorovSmirnov, size.Result.Method);
        Assert.False(size.Result.Drifted);
    }
}

using AiLogger.Domain.ModelMonitoring;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Infrastructure.ModelMonitoring;

internal sealed class ModelJobs(ModelQueries queries, IBackgroundJobClient jobs, IServiceScopeFactory scopes, TimeProvider time) : IModelJobs
{
    public async Task<IReadOnlyList<string>> EnqueueRecomputeAsync(string model, CancellationToken cancellationToken)
    {
        var id = (await queries.RequireAsync(model, cancellationToken)).Id;
        return
        [
            jobs.Enqueue<ModelMetricsJob>(job => job.ComputeAsync(id, CancellationToken.None)),
            jobs.Enqueue<ModelDriftJob>(job => job.RunAsync(id, CancellationToken.None)),
        ];
    }

    public async Task<RecomputeResult> RecomputeAsync(string model, CancellationToken cancellationToken)
    {
        var id = (await queries.RequireAsync(model, cancellationToken)).Id;
        await using var scope = scopes.CreateAsyncScope();
        var started = time.GetTimestamp();
        var days = await scope.ServiceProvider.GetRequiredService<ModelMetricsJob>().ComputeAsync(id, cancellationToken);
        var metricsDuration = time.GetElapsedTime(started);
        started = time.GetTimestamp();
        var drift = await scope.ServiceProvider.GetRequiredService<ModelDriftJob>().RunAsync(id, cancellationToken);
        var driftDuration = time.GetElapsedTime(started);
        var computed = (await queries.FindAsync(id, cancellationToken))?.MetricsComputedAt;
        return new RecomputeResult
        {
            MetricsComputedAt = computed ?? DateTimeOffset.MinValue,
            Days = days,
            Drift = drift,
            MetricsDuration = metricsDuration,
            DriftDuration = driftDuration,
        };
    }
}

using AiLogger.Infrastructure.ScaleOut;

namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// One metrics computation and one drift computation at a time among all nodes, so a slower, older run can never
/// overwrite a newer one's results.
/// </summary>
internal sealed class ModelJobGate(ClusterLocks locks)
{
    public Task<ClusterLock> MetricsAsync(CancellationToken cancellationToken) => locks.AcquireAsync("model-metrics", cancellationToken);

    public Task<ClusterLock> DriftAsync(CancellationToken cancellationToken) => locks.AcquireAsync("model-drift", cancellationToken);
}

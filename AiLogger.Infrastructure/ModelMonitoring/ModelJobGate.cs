namespace AiLogger.Infrastructure.ModelMonitoring;

/// <summary>
/// One metrics computation and one drift computation at a time in this process, so a slower, older run can never
/// overwrite a newer one's results.
/// </summary>
internal sealed class ModelJobGate
{
    public SemaphoreSlim Metrics { get; } = new(1, 1);

    public SemaphoreSlim Drift { get; } = new(1, 1);
}

namespace AiLogger.Domain.ModelMonitoring;

/// <summary>The metrics and drift jobs of one model, on demand.</summary>
public interface IModelJobs
{
    /// <summary>Queues the metrics job and the drift job for the model; returns their job ids.</summary>
    /// <exception cref="UnknownModelException"/>
    Task<IReadOnlyList<string>> EnqueueRecomputeAsync(string model, CancellationToken cancellationToken);

    /// <summary>Runs both jobs now and waits for them.</summary>
    /// <exception cref="UnknownModelException"/>
    Task<RecomputeResult> RecomputeAsync(string model, CancellationToken cancellationToken);
}

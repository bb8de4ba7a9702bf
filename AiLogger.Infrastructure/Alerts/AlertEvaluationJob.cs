using AiLogger.Domain.Alerts;
using Hangfire;

namespace AiLogger.Infrastructure.Alerts;

/// <summary>The recurring evaluation of every rule (Hangfire, <c>AiLogger:Alerts:Schedule</c>).</summary>
internal sealed class AlertEvaluationJob(IAlertEvaluator evaluator)
{
    public const string RecurringJobId = "alert-evaluation";

    // A missed minute is not worth retrying: the next run sees the same windows.
    [AutomaticRetry(Attempts = 0)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task RunAsync(CancellationToken cancellationToken) => await evaluator.EvaluateAllAsync(cancellationToken);
}

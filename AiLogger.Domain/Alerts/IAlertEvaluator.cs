namespace AiLogger.Domain.Alerts;

/// <summary>Evaluates rules: all of them now (the job does so every minute), or a draft without storing anything.</summary>
public interface IAlertEvaluator
{
    /// <summary>Evaluates every enabled rule, stores states and alerts, queues notifications. Waits for a running evaluation first.</summary>
    Task<AlertEvaluationResult> EvaluateAllAsync(CancellationToken cancellationToken);

    /// <summary>"Would it fire now?" for a draft: its value(s) now against the threshold. Stores nothing, notifies nobody.</summary>
    Task<AlertDryRun> DryRunAsync(AlertRuleDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// The draft's value over time, for a chart against its threshold: per bucket over the last <paramref name="range"/>
    /// (default: 12 windows, at least 1 hour, at most 7 days), the count in the bucket and the count over the window ending there.
    /// </summary>
    Task<AlertPreview> PreviewAsync(AlertRuleDraft draft, TimeSpan? range, CancellationToken cancellationToken);
}

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary><c>AiLogger:SystemMetrics</c>: the host sampler and the metric store's retention and limits.</summary>
public sealed class SystemMetricsOptions
{
    public const string Section = "AiLogger:SystemMetrics";

    /// <summary>Whether AI-Logger samples the host it runs on (CPU, memory, disks, network) into its own metrics.</summary>
    public bool SampleHost { get; set; } = true;

    /// <summary>Seconds between two host samples.</summary>
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>Days raw points are kept (charts of longer ranges read the rollups).</summary>
    public int RawRetentionDays { get; set; } = 2;

    public int MinuteRetentionDays { get; set; } = 14;

    public int HourRetentionDays { get; set; } = 400;

    /// <summary>Series one metric may have; points of further attribute sets go to its overflow series.</summary>
    public int MaxSeriesPerMetric { get; set; } = 2000;
}

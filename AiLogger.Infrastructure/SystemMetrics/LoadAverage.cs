namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>/proc/loadavg: runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes.</summary>
public sealed record LoadAverage(double OneMinute, double FiveMinutes, double FifteenMinutes);

namespace AiLogger.Domain.SystemMetrics;

/// <summary>A metric query that cannot be answered as asked (an aggregation the metric does not have, too many series); the message says how to fix it.</summary>
public sealed class MetricQueryException(string message) : Exception(message);

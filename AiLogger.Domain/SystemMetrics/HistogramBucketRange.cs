namespace AiLogger.Domain.SystemMetrics;

/// <summary>One bucket as a value range and its count: a cell of the histogram heat map.</summary>
public sealed record HistogramBucketRange(double Lower, double Upper, long Count);

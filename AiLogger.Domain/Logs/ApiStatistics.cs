namespace AiLogger.Domain.Logs;

/// <summary>
/// Request/response and error figures over a time window, in the shape of the seeds' live-logs viewer
/// (<c>/api/logs/stats</c>): request and response events are those with type <c>request</c> / <c>response</c>
/// and properties <c>endpoint</c>, <c>method</c>, <c>status_code</c>, <c>duration_ms</c>.
/// </summary>
public sealed record ApiStatistics
{
    public required long TotalRequests { get; init; }
    public required IReadOnlyDictionary<string, long> Endpoints { get; init; }
    public required IReadOnlyDictionary<string, long> Methods { get; init; }
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }
    public double? AverageResponseTime { get; init; }
    public required IReadOnlyList<double> ResponseTimes { get; init; }
    public required long TotalErrors { get; init; }
    public required IReadOnlyDictionary<string, long> ErrorTypes { get; init; }
    public required IReadOnlyDictionary<string, long> EndpointsWithErrors { get; init; }
    public required IReadOnlyDictionary<string, long> ErrorStatusCodes { get; init; }
    public required int TimeframeHours { get; init; }
}

namespace AiLogger.Domain.SystemMetrics;

/// <summary>
/// One side (positive or negative) of an exponential histogram: bucket <c>Offset + i</c> counts values in
/// (base^(Offset+i), base^(Offset+i+1)] with base = 2^(2^-scale).
/// </summary>
public sealed record ExponentialBuckets(int Offset, IReadOnlyList<long> Counts)
{
    public static readonly ExponentialBuckets Empty = new(0, []);
}

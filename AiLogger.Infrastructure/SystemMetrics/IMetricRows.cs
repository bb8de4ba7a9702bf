namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The statements <see cref="MetricSeriesWriter"/> needs, run by each provider's writer inside its open transaction
/// (Persistence/&lt;Provider&gt;/). Times are Unix nanoseconds.
/// </summary>
internal interface IMetricRows
{
    long? FindSeries(string key);

    /// <summary>Inserts the series and returns its id.</summary>
    long InsertSeries(MetricSeriesEntity series);

    /// <summary>Series of the metric, its overflow series left out.</summary>
    int CountSeries(string name);

    /// <summary>False when the series already has a point at that time (nothing is written then).</summary>
    bool InsertPoint(long seriesId, long time, long start, double? value, string? data);

    /// <summary>The series' latest point before <paramref name="time"/>: its time, start, value and data.</summary>
    (long Time, long Start, double? Value, string? Data)? LastPointBefore(long seriesId, long time);

    string? ReadRollup(long seriesId, int resolution, long bucket);

    void UpsertRollup(long seriesId, int resolution, long bucket, string data);

    void TouchSeries(long seriesId, long lastSeen);
}

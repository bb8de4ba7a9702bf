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

    /// <summary>
    /// Inserts the points (sorted by series and time, no two alike); <paramref name="inserted"/>[i] is false for a
    /// point its series already had at that time (nothing is written for it).
    /// </summary>
    void InsertPoints(IReadOnlyList<MetricPointRow> points, Span<bool> inserted);

    /// <summary>The series' latest point before <paramref name="time"/>: its time, start, value and data.</summary>
    (long Time, long Start, double? Value, string? Data)? LastPointBefore(long seriesId, long time);

    string? ReadRollup(long seriesId, int resolution, long bucket);

    void UpsertRollup(long seriesId, int resolution, long bucket, string data);

    void TouchSeries(long seriesId, long lastSeen);

    /// <summary>The minutes whose rollups were committed in memory only (<see cref="MetricRollupMarker"/>).</summary>
    IReadOnlyList<long> PendingRollupMinutes();

    /// <summary>Marks the minutes; none removes the marker.</summary>
    void SetPendingRollupMinutes(IReadOnlyCollection<long> minutes, DateTimeOffset now);

    /// <summary>Deletes the rollups of every series in one bucket.</summary>
    void DeleteRollups(int resolution, long bucket);

    /// <summary>The stored rollups of every series with from ≤ bucket &lt; to.</summary>
    IEnumerable<(long SeriesId, string Data)> RollupsBetween(int resolution, long from, long to);

    /// <summary>
    /// Every stored point with from ≤ time &lt; to, in time order, as points of their series. Other statements of this
    /// interface may run between two items.
    /// </summary>
    IEnumerable<(long SeriesId, Domain.SystemMetrics.MetricPoint Point)> PointsBetween(long from, long to);
}

/// <summary>One point as the writer stores it.</summary>
internal readonly record struct MetricPointRow(long SeriesId, long Time, long Start, double? Value, string? Data);

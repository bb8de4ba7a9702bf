using System.Security.Cryptography;
using System.Text;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Ingest;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The writer's part for metric points, the same on every provider: each point finds (or creates) its series, is
/// stored once (a retry's duplicate is skipped, and so is its rollup), and folds into its series' minute and hour
/// rollups. Cumulative histograms roll up their deltas against the series' previous point. Caches (series ids, open
/// rollups, last cumulative points) are dropped when a transaction fails, so nothing uncommitted is remembered;
/// with <paramref name="sharedStore"/> (several nodes write) only series ids outlive a commit.
/// </summary>
internal sealed class MetricSeriesWriter(SystemMetricsOptions options, bool sharedStore = false)
{
    private const int SeriesCacheLimit = 100_000;
    private const int RollupCacheLimit = 50_000;
    private const long TouchEveryNanos = 60_000_000_000L;
    private const long FirstPointWindowNanos = 5 * 60_000_000_000L;
    private const string OverflowAttributes = "{\"otel.metric.overflow\":true}";
    private static readonly RollupResolution[] Resolutions = [RollupResolution.Minute, RollupResolution.Hour];

    private readonly Dictionary<string, long> _seriesIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seriesPerMetric = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Series, RollupResolution Resolution, long Bucket), MetricRollup> _open = new();
    private readonly Dictionary<(long Series, RollupResolution Resolution, long Bucket), MetricRollup> _dirty = new();
    private readonly Dictionary<long, MetricPoint> _lastCumulative = new();
    private readonly Dictionary<long, long> _touched = new();
    private readonly Dictionary<long, long> _lastTouch = new();
    private readonly List<(long Series, MetricPoint Point)> _points = new(1024);

    public static bool HasMetrics(IReadOnlyList<PendingBatch> batches)
    {
        foreach (var batch in batches)
            if (batch.Metrics.Length > 0) return true;
        return false;
    }

    /// <summary>Stores the batches' points; called inside the provider's open transaction.</summary>
    public void Write(IReadOnlyList<PendingBatch> batches, IMetricRows rows, DateTimeOffset now)
    {
        var nowNanos = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        try
        {
            foreach (var batch in batches)
                foreach (var point in batch.Metrics)
                    _points.Add((SeriesId(point, rows, nowNanos), point));
            // In time order per series: cumulative deltas and rollup merges see points as they happened.
            _points.Sort((a, b) => a.Series != b.Series ? a.Series.CompareTo(b.Series) : a.Point.TimeUnixNano.CompareTo(b.Point.TimeUnixNano));
            foreach (var (series, point) in _points)
            {
                if (!rows.InsertPoint(series, point.TimeUnixNano, point.StartUnixNano, point.Value, MetricJson.PointData(point))) continue;
                _touched[series] = Math.Max(_touched.GetValueOrDefault(series), point.TimeUnixNano);
                if (RollupPoint(series, point, rows) is { } rolled) Fold(series, rolled, rows);
            }
            foreach (var ((series, resolution, bucket), rollup) in _dirty)
                rows.UpsertRollup(series, (int)resolution, bucket, MetricJson.Rollup(rollup));
            foreach (var (series, last) in _touched)
            {
                if (last <= _lastTouch.GetValueOrDefault(series) + TouchEveryNanos) continue;
                rows.TouchSeries(series, last);
                _lastTouch[series] = last;
            }
        }
        finally
        {
            _points.Clear();
            _touched.Clear();
        }
    }

    /// <summary>After the commit: the rollups written become the open ones later points merge into.</summary>
    public void Committed()
    {
        if (sharedStore)
        {
            // Another node may write the same series next: what this one read is not the truth for long.
            _dirty.Clear();
            _lastCumulative.Clear();
            _seriesPerMetric.Clear();
            return;
        }
        if (_open.Count + _dirty.Count > RollupCacheLimit) _open.Clear();
        foreach (var (key, rollup) in _dirty) _open[key] = rollup;
        _dirty.Clear();
    }

    /// <summary>The transaction failed: forget everything that may describe uncommitted rows.</summary>
    public void RolledBack()
    {
        _seriesIds.Clear();
        _seriesPerMetric.Clear();
        _open.Clear();
        _dirty.Clear();
        _lastCumulative.Clear();
        _lastTouch.Clear();
    }

    private long SeriesId(MetricPoint point, IMetricRows rows, long nowNanos)
    {
        var attributes = string.IsNullOrEmpty(point.AttributesJson) ? "{}" : point.AttributesJson;
        // The cache is keyed by the identity itself: hashing it for every point cost more than the rest of the lookup.
        var identity = Identity(point, attributes);
        if (_seriesIds.TryGetValue(identity, out var id)) return id;
        var key = Hash(identity);
        if (rows.FindSeries(key) is { } found) return Remember(identity, found);

        string? original = null;
        if (!_seriesPerMetric.TryGetValue(point.Name, out var count)) count = rows.CountSeries(point.Name);
        var overflow = count >= options.MaxSeriesPerMetric;
        if (overflow)
        {
            original = identity;
            attributes = OverflowAttributes;
            identity = Identity(point, attributes);
            key = Hash(identity);
            if (!_seriesIds.TryGetValue(identity, out id)) id = rows.FindSeries(key) ?? 0;
            if (id != 0) return Remember(original, Remember(identity, id));
        }
        else
        {
            _seriesPerMetric[point.Name] = count + 1;
        }

        var entity = new MetricSeriesEntity
        {
            Key = key,
            Name = point.Name,
            Service = point.Service ?? string.Empty,
            Scope = point.Scope ?? string.Empty,
            Host = point.Host ?? string.Empty,
            Unit = point.Unit ?? string.Empty,
            Type = (int)point.Type,
            Monotonic = point.Monotonic,
            Temporality = (int)point.Temporality,
            Description = string.IsNullOrEmpty(point.Description) ? null : point.Description,
            Attributes = attributes,
            Resource = point.ResourceJson,
            FirstSeen = Math.Min(point.TimeUnixNano, nowNanos),
            LastSeen = point.TimeUnixNano,
            Overflow = overflow,
        };
        id = rows.InsertSeries(entity);
        if (overflow) Remember(identity, id);
        return Remember(original ?? identity, id);
    }

    private long Remember(string key, long id)
    {
        if (_seriesIds.Count >= SeriesCacheLimit)
        {
            _seriesIds.Clear();
        }
        _seriesIds[key] = id;
        return id;
    }

    /// <summary>The identity of a series (DESIGN §1): name, type and unit, resource service and host, scope, attributes.</summary>
    private static string Identity(MetricPoint point, string attributes) =>
        string.Join('\n', point.Name, point.Service ?? "", point.Host ?? "", point.Scope ?? "", point.Unit ?? "",
            ((int)point.Type).ToString(System.Globalization.CultureInfo.InvariantCulture), point.Monotonic ? "1" : "0", attributes);

    private static string Hash(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));

    /// <summary>What the point rolls up as: a cumulative histogram's delta since the series' previous point, or the point itself.</summary>
    private MetricPoint? RollupPoint(long series, MetricPoint point, IMetricRows rows)
    {
        if (point.Type is not (MetricType.Histogram or MetricType.ExponentialHistogram) || point.Temporality != AggregationTemporality.Cumulative)
            return point;
        if (point.NoRecordedValue) return null;
        var previous = _lastCumulative.TryGetValue(series, out var cached) && cached.TimeUnixNano < point.TimeUnixNano ? cached : Stored(series, point, rows);
        if (!_lastCumulative.TryGetValue(series, out var latest) || latest.TimeUnixNano < point.TimeUnixNano) _lastCumulative[series] = point;
        // The first point of a series counts whole when it covers a few minutes (an application's first export);
        // one covering days (a long-running process newly pointed here) is only the baseline, or its whole history
        // would land in one bucket.
        if (previous is null && !(point.StartUnixNano != 0 && point.TimeUnixNano - point.StartUnixNano <= FirstPointWindowNanos))
            return null;
        return CumulativeHistogramDelta.Between(previous, point);
    }

    private static MetricPoint? Stored(long series, MetricPoint point, IMetricRows rows) =>
        rows.LastPointBefore(series, point.TimeUnixNano) is { } row
            ? MetricJson.Point(new MetricSeriesEntity { Key = "", Name = point.Name, Type = (int)point.Type }, row.Time, row.Start, row.Value, row.Data)
            : null;

    private void Fold(long series, MetricPoint point, IMetricRows rows)
    {
        foreach (var resolution in Resolutions)
        {
            MetricRollup? rollup;
            try
            {
                rollup = MetricRollup.FromPoint(point, resolution);
            }
            catch (ArgumentException)
            {
                return; // a histogram whose bounds and counts disagree: stored as sent, left out of the rollups
            }
            if (rollup is null) return;
            var key = (series, resolution, rollup.BucketStartUnixNano);
            var existing = _dirty.GetValueOrDefault(key) ?? _open.GetValueOrDefault(key);
            if (existing is null && rows.ReadRollup(series, (int)resolution, rollup.BucketStartUnixNano) is { } json) existing = MetricJson.ReadRollup(json);
            try
            {
                _dirty[key] = existing is null ? rollup : MetricRollup.Merge(existing, rollup);
            }
            catch (ArgumentException)
            {
                _dirty[key] = rollup; // a stored rollup of another kind: the series changed type under the same identity
            }
        }
    }
}

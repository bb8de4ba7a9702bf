using System.Security.Cryptography;
using System.Text;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Ingest;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The writer's part for metric points, the same on every provider: each point finds (or creates) its series, is
/// stored once (a retry's duplicate is skipped, and so is its rollup), and folds into its series' minute and hour
/// rollups. Cumulative histograms roll up their deltas against the series' previous point.
/// While more batches wait (the writer is under load) the rollups stay in memory for up to a second and are written
/// once, rather than rewritten by every commit; a committed marker names the earliest point they hold, and after a
/// crash or a failed commit the rollups from that point on are rebuilt from the raw points. When the queue is empty
/// they are written in the same commit as their points. Caches are dropped when a transaction fails, so nothing
/// uncommitted is remembered; with <paramref name="sharedStore"/> (several nodes write) rollups are written by every
/// commit and only series ids outlive it.
/// </summary>
internal sealed class MetricSeriesWriter(SystemMetricsOptions options, bool sharedStore = false)
{
    private const int SeriesCacheLimit = 100_000;
    private const int RollupCacheLimit = 50_000;
    private const int PendingRollupLimit = 20_000;
    private const long TouchEveryNanos = 60_000_000_000L;
    // Only the rollups of the last 12 hours' points wait: retention (a day at least) never reaches the raw points a
    // rebuild reads.
    private const long DeferWithinNanos = 12 * 3_600_000_000_000L;
    private const long WriteRollupsEveryNanos = 1_000_000_000L;
    private const string OverflowAttributes = "{\"otel.metric.overflow\":true}";
    private static readonly RollupResolution[] Resolutions = [RollupResolution.Minute, RollupResolution.Hour];

    private readonly Dictionary<string, long> _seriesIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seriesPerMetric = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Series, RollupResolution Resolution, long Bucket), MetricRollup> _open = new();
    private readonly Dictionary<(long Series, RollupResolution Resolution, long Bucket), MetricRollup> _dirty = new();
    private readonly Dictionary<long, MetricPoint> _lastCumulative = new();
    private readonly Dictionary<long, long> _touched = new();
    private readonly Dictionary<long, long> _lastTouch = new();
    private readonly List<(long Series, MetricPoint Point, string? Data)> _points = new(1024);
    private readonly List<MetricPointRow> _rows = new(1024);
    private bool[] _inserted = new bool[1024];

    // Minute buckets whose rollups wait in memory: as committed (the marker row), and as the open transaction leaves them.
    private readonly SortedSet<long> _pending = [];
    private readonly SortedSet<long> _pendingInTransaction = [];
    private bool _writtenInTransaction;
    private bool _checkMarker = true;
    private long _lastWriteNanos;
    private long _nowNanos;

    /// <summary>
    /// Rollups wait in memory (they are written by the first commit a second after the last write), or a marker an
    /// earlier process left may need a rebuild: the writer should call <see cref="Write"/> even without points.
    /// </summary>
    public bool HasWork => _dirty.Count > 0 || _pending.Count > 0 || _checkMarker;

    public static bool HasMetrics(IReadOnlyList<PendingBatch> batches)
    {
        foreach (var batch in batches)
            if (batch.Metrics.Length > 0) return true;
        return false;
    }

    /// <summary>Stores the batches' points; called inside the provider's open transaction.</summary>
    public void Write(IReadOnlyList<PendingBatch> batches, IMetricRows rows, DateTimeOffset now)
    {
        _nowNanos = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        _pendingInTransaction.Clear();
        _pendingInTransaction.UnionWith(_pending);
        _writtenInTransaction = false;
        try
        {
            if (_checkMarker) Rebuild(rows, now);
            foreach (var batch in batches)
            {
                var rendered = batch.MetricData.Length == batch.Metrics.Length;
                for (var i = 0; i < batch.Metrics.Length; i++)
                {
                    var point = batch.Metrics[i];
                    _points.Add((SeriesId(point, rows, _nowNanos), point, rendered ? batch.MetricData[i] : MetricJson.PointData(point)));
                }
            }
            // In time order per series: cumulative deltas and rollup merges see points as they happened.
            _points.Sort((a, b) => a.Series != b.Series ? a.Series.CompareTo(b.Series) : a.Point.TimeUnixNano.CompareTo(b.Point.TimeUnixNano));
            if (_inserted.Length < _points.Count) _inserted = new bool[Math.Max(_points.Count, _inserted.Length * 2)];
            for (var i = 0; i < _points.Count; i++)
            {
                var (series, point, data) = _points[i];
                // The same point twice in one request: the second is a duplicate like a retry's.
                if (Repeats(i)) continue;
                _rows.Add(new MetricPointRow(series, point.TimeUnixNano, point.StartUnixNano, point.Value, data));
            }
            var inserted = _inserted.AsSpan(0, _rows.Count);
            rows.InsertPoints(_rows, inserted);

            var row = 0;
            var earliest = long.MaxValue;
            var minutesBefore = _pendingInTransaction.Count;
            for (var i = 0; i < _points.Count; i++)
            {
                if (Repeats(i) || !inserted[row++]) continue;
                var (series, point, _) = _points[i];
                _touched[series] = Math.Max(_touched.GetValueOrDefault(series), point.TimeUnixNano);
                earliest = Math.Min(earliest, point.TimeUnixNano);
                if (RollupPoint(series, point, rows) is { } rolled && Fold(series, rolled, rows))
                    _pendingInTransaction.Add(MetricRollup.BucketStart(point.TimeUnixNano, RollupResolution.Minute));
            }

            var wait = !sharedStore && _nowNanos - _lastWriteNanos < WriteRollupsEveryNanos
                && _dirty.Count < PendingRollupLimit && _pendingInTransaction.Count <= MetricRollupMarker.MaxMinutes
                && earliest >= _nowNanos - DeferWithinNanos;
            if (wait)
            {
                if (_pendingInTransaction.Count != minutesBefore) rows.SetPendingRollupMinutes(_pendingInTransaction, now);
            }
            else
            {
                WriteRollups(rows, now, minutesBefore > 0);
                _writtenInTransaction = true;
            }
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
            _rows.Clear();
            _touched.Clear();
        }
    }

    /// <summary>Writes the rollups that wait (and rebuilds what a crashed process left), in the provider's open transaction.</summary>
    public void WriteWaiting(IMetricRows rows, DateTimeOffset now)
    {
        _nowNanos = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        _pendingInTransaction.Clear();
        _pendingInTransaction.UnionWith(_pending);
        if (_checkMarker) Rebuild(rows, now);
        WriteRollups(rows, now, _pending.Count > 0);
        _writtenInTransaction = true;
    }

    private bool Repeats(int i) =>
        i > 0 && _points[i - 1].Series == _points[i].Series && _points[i - 1].Point.TimeUnixNano == _points[i].Point.TimeUnixNano;

    private void WriteRollups(IMetricRows rows, DateTimeOffset now, bool markerStored)
    {
        foreach (var ((series, resolution, bucket), rollup) in _dirty)
            rows.UpsertRollup(series, (int)resolution, bucket, MetricJson.Rollup(rollup));
        if (markerStored) rows.SetPendingRollupMinutes([], now);
        _pendingInTransaction.Clear();
    }

    /// <summary>After the commit: the rollups written become the open ones later points merge into.</summary>
    public void Committed()
    {
        _checkMarker = false;
        _pending.Clear();
        _pending.UnionWith(_pendingInTransaction);
        if (sharedStore)
        {
            // Another node may write the same series next: what this one read is not the truth for long.
            _dirty.Clear();
            _lastCumulative.Clear();
            _seriesPerMetric.Clear();
            return;
        }
        if (!_writtenInTransaction) return; // the rollups wait in memory, their points committed and marked
        _lastWriteNanos = _nowNanos;
        if (_open.Count + _dirty.Count > RollupCacheLimit) _open.Clear();
        foreach (var (key, rollup) in _dirty) _open[key] = rollup;
        _dirty.Clear();
    }

    /// <summary>
    /// The transaction failed: forget everything that may describe uncommitted rows, and the rollups that waited with
    /// it; the next write rebuilds them from the committed marker.
    /// </summary>
    public void RolledBack()
    {
        _seriesIds.Clear();
        _seriesPerMetric.Clear();
        _open.Clear();
        _dirty.Clear();
        _lastCumulative.Clear();
        _lastTouch.Clear();
        _pending.Clear();
        _checkMarker = true;
    }

    /// <summary>
    /// The marked minutes' rollups rebuilt from what is stored: each minute from its raw points, its hour from the
    /// hour's other minute rollups plus the same points.
    /// </summary>
    private void Rebuild(IMetricRows rows, DateTimeOffset now)
    {
        var minutes = rows.PendingRollupMinutes();
        if (minutes.Count == 0) return;
        foreach (var minute in minutes) rows.DeleteRollups((int)RollupResolution.Minute, minute);
        foreach (var hour in minutes.Select(m => MetricRollup.BucketStart(m, RollupResolution.Hour)).Distinct())
        {
            rows.DeleteRollups((int)RollupResolution.Hour, hour);
            foreach (var (series, data) in rows.RollupsBetween((int)RollupResolution.Minute, hour, hour + MetricRollup.HourNanos))
            {
                var earlier = MetricJson.ReadRollup(data).InResolution(RollupResolution.Hour);
                var key = (series, RollupResolution.Hour, earlier.BucketStartUnixNano);
                try
                {
                    _dirty[key] = _dirty.TryGetValue(key, out var merged) ? MetricRollup.Merge(merged, earlier) : earlier;
                }
                catch (ArgumentException)
                {
                    _dirty[key] = earlier; // minutes of another kind: the series changed type under the same identity
                }
            }
        }
        foreach (var minute in minutes)
            foreach (var (series, point) in rows.PointsBetween(minute, minute + MetricRollup.MinuteNanos))
                if (RollupPoint(series, point, rows) is { } rolled) Fold(series, rolled, rows);
        WriteRollups(rows, now, markerStored: true);
        // Written in this transaction: a rollback clears the open rollups with everything else.
        foreach (var (key, rollup) in _dirty) _open[key] = rollup;
        _dirty.Clear();
        _lastCumulative.Clear();
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
        if (previous is null && !CumulativeHistogramDelta.FirstPointCounts(point)) return null;
        return CumulativeHistogramDelta.Between(previous, point);
    }

    private static MetricPoint? Stored(long series, MetricPoint point, IMetricRows rows) =>
        rows.LastPointBefore(series, point.TimeUnixNano) is { } row
            ? MetricJson.Point(new MetricSeriesEntity { Key = "", Name = point.Name, Type = (int)point.Type }, row.Time, row.Start, row.Value, row.Data)
            : null;

    /// <summary>Folds the point into its minute and hour rollups; false when it does not roll up.</summary>
    private bool Fold(long series, MetricPoint point, IMetricRows rows)
    {
        MetricRollup? minute;
        try
        {
            minute = MetricRollup.FromPoint(point, RollupResolution.Minute);
        }
        catch (ArgumentException)
        {
            return false; // a histogram whose bounds and counts disagree: stored as sent, left out of the rollups
        }
        if (minute is null) return false;
        foreach (var resolution in Resolutions)
        {
            // The point's hour rollup is its minute rollup in the hour's bucket (the bucket arrays are shared: rollups are never changed in place).
            var rollup = resolution == RollupResolution.Minute ? minute : minute.InResolution(resolution);
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
        return true;
    }
}

/// <summary>
/// The settings row that marks minutes whose rollups were committed in memory only: their bucket starts (Unix
/// nanoseconds) as decimal numbers separated by commas. Present only while the writer holds rollups back, or after a
/// crash while it did; queries read those minutes from the raw points.
/// </summary>
internal static class MetricRollupMarker
{
    public const string SettingKey = "metrics.rollupsPending";

    /// <summary>At most this many minutes wait; a rebuild then reads no more than as many minutes of raw points.</summary>
    public const int MaxMinutes = 64;

    public static string Format(IEnumerable<long> minutes) =>
        string.Join(',', minutes.Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static IReadOnlyList<long> Parse(string? value)
    {
        var minutes = new List<long>();
        if (string.IsNullOrEmpty(value)) return minutes;
        foreach (var part in value.Split(',', MaxMinutes + 1))
        {
            if (minutes.Count == MaxMinutes) break;
            if (long.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var minute))
                minutes.Add(MetricRollup.BucketStart(minute, RollupResolution.Minute));
        }
        return minutes.Distinct().Order().ToList();
    }
}

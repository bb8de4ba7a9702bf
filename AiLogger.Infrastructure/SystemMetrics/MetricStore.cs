using System.Text.Json;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>
/// The metric store's reads, through EF Core (the same on both providers). A chart reads raw points for short steps,
/// minute rollups up to <see cref="SystemMetricsOptions.MinuteRetentionDays"/>, hour rollups beyond; each step folds
/// the rollups of each series, then the series of each group (histograms are merged before their quantiles).
/// </summary>
internal sealed class MetricStore(IDbContextFactory<AiLoggerDbContext> contexts, IOptions<SystemMetricsOptions> options, TimeProvider time) : IMetricStore
{
    public const int MaxSeries = 5000;
    public const int MaxSteps = 1500;
    public const int MaxLines = 100;
    private const long RowBudget = 400_000;
    private const long NanosPerTick = 100;
    private static readonly TimeSpan[] NiceSteps =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1),
        TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
    ];

    public async Task<IReadOnlyList<MetricInstrument>> ListInstrumentsAsync(string? host, string? service, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var series = db.MetricSeries.AsNoTracking();
        if (!string.IsNullOrEmpty(host)) series = series.Where(s => s.Host == host);
        if (!string.IsNullOrEmpty(service)) series = series.Where(s => s.Service == service);
        var groups = await series
            .GroupBy(s => new { s.Name, s.Type, s.Monotonic, s.Unit })
            .Select(g => new { g.Key.Name, g.Key.Type, g.Key.Monotonic, g.Key.Unit, Count = g.Count(), Last = g.Max(s => s.LastSeen),
                Overflow = g.Max(s => s.Overflow ? 1 : 0), Description = g.Max(s => s.Description) })
            .ToListAsync(cancellationToken);
        var sources = (await series.Select(s => new { s.Name, s.Service, s.Scope }).Distinct().ToListAsync(cancellationToken))
            .ToLookup(s => s.Name, s => new MetricSource(s.Service, s.Scope), StringComparer.Ordinal);
        return groups
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new MetricInstrument
            {
                Name = g.Name,
                Type = (MetricType)g.Type,
                Monotonic = g.Monotonic,
                Unit = g.Unit.Length == 0 ? null : g.Unit,
                Description = g.Description,
                SeriesCount = g.Count,
                Services = sources[g.Name].Select(s => s.Service).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList(),
                Sources = sources[g.Name].OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.Meter, StringComparer.Ordinal).ToList(),
                LastSeen = FromNanos(g.Last),
                Overflowed = g.Overflow == 1,
            })
            .ToList();
    }

    public async Task<IReadOnlyList<(string Host, DateTimeOffset LastSeen)>> ListHostsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hosts = await db.MetricSeries.AsNoTracking().Where(s => s.Host != "")
            .GroupBy(s => s.Host).Select(g => new { Host = g.Key, Last = g.Max(s => s.LastSeen) }).ToListAsync(cancellationToken);
        return hosts.OrderByDescending(h => h.Last).Select(h => (h.Host, FromNanos(h.Last))).ToList();
    }

    public async Task<IReadOnlyList<MetricSeries>> ListSeriesAsync(MetricSelector selector, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await LoadSeriesAsync(db, selector, cancellationToken)).Take(Math.Clamp(limit, 1, MaxSeries)).Select(s => s.Series).ToList();
    }

    public async Task<IReadOnlyList<(MetricSeries Series, MetricPoint Point)>> ReadPointsAsync(MetricSelector selector, DateTimeOffset from, DateTimeOffset to, int limit,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var series = await LoadSeriesAsync(db, selector, cancellationToken);
        if (series.Count == 0) return [];
        var byId = series.ToDictionary(s => s.Entity.Id);
        var ids = byId.Keys.ToArray();
        var (start, end) = (ToNanos(from), ToNanos(to));
        var rows = await db.MetricPoints.AsNoTracking()
            .Where(p => ids.Contains(p.SeriesId) && p.Time >= start && p.Time < end)
            .OrderByDescending(p => p.Time).Take(Math.Clamp(limit, 1, 10_000))
            .ToListAsync(cancellationToken);
        return rows.Select(p => (byId[p.SeriesId].Series, MetricJson.Point(byId[p.SeriesId].Entity, p.Time, p.StartTime, p.Value, p.Data))).ToList();
    }

    public async Task<MetricQueryResult?> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        if (query.To <= query.From) throw new MetricQueryException("'to' must be after 'from'.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var series = await LoadSeriesAsync(db, query.Selector, cancellationToken);
        if (series.Count == 0) return null;

        var first = series[0].Series;
        var kind = first.Kind;
        var aggregation = query.Aggregation ?? MetricKinds.DefaultAggregation(kind);
        if (!MetricKinds.Allowed(kind).Contains(aggregation))
            throw new MetricQueryException($"'{MetricKinds.Name(aggregation)}' does not apply to {first.Name}, a {kind.ToString().ToLowerInvariant()}; use one of: " +
                string.Join(", ", MetricKinds.Allowed(kind).Select(MetricKinds.Name)) + ".");
        if (series.Count > MaxSeries)
            throw new MetricQueryException($"{first.Name} has more than {MaxSeries} series matching; narrow the query with service, host or attribute filters.");

        var instrument = new MetricInstrument
        {
            Name = first.Name,
            Type = first.Type,
            Monotonic = first.Monotonic,
            Unit = first.Unit,
            Description = series.Select(s => s.Series.Description).FirstOrDefault(d => d is not null),
            SeriesCount = series.Count,
            Services = series.Select(s => s.Series.Service).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            AttributeKeys = series.SelectMany(s => s.Series.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            LastSeen = series.Max(s => s.Series.LastSeen),
            Overflowed = series.Any(s => s.Series.Overflow),
        };

        var (step, source) = Plan(query, series.Count, kind);
        var toNanos = ToNanos(query.To);
        var stepNanos = step.Ticks * NanosPerTick;
        var fromNanos = query.EndsAtTo
            ? toNanos - Math.Max(1, (toNanos - ToNanos(query.From) + stepNanos - 1) / stepNanos) * stepNanos
            : Floor(ToNanos(query.From), step);
        var steps = (int)Math.Min(MaxSteps, (toNanos - fromNanos + stepNanos - 1) / stepNanos);

        var folded = source == "raw" || kind == MetricKind.Summary
            ? await FoldPointsAsync(db, series, fromNanos, stepNanos, steps, cancellationToken)
            : await FoldRollupsAsync(db, series, source == "hour" ? RollupResolution.Hour : RollupResolution.Minute, fromNanos, stepNanos, steps, cancellationToken);

        var groups = series.GroupBy(s => GroupKey(s.Series, query.GroupBy), StringComparer.Ordinal).ToList();
        if (groups.Count > MaxLines)
            throw new MetricQueryException($"Grouping by {string.Join(", ", query.GroupBy)} gives {groups.Count} lines; a chart shows at most {MaxLines}. Filter or group by fewer keys.");
        var lines = new List<MetricLine>();
        foreach (var group in groups)
        {
            var values = new MetricValue[steps];
            for (var i = 0; i < steps; i++)
            {
                var at = FromNanos(fromNanos + i * stepNanos);
                values[i] = new MetricValue(at, Aggregate(kind, aggregation, group.Select(s => folded.GetValueOrDefault(s.Entity.Id)), i, step, fromNanos));
            }
            lines.Add(new MetricLine(GroupOf(group.First().Series, query.GroupBy), group.Count(), values));
        }
        lines.Sort((a, b) => string.Join("\n", a.Group.Values).CompareTo(string.Join("\n", b.Group.Values)));
        MetricHeatmap? heatmap = null;
        if (query.Heatmap && kind == MetricKind.Histogram)
        {
            var times = Enumerable.Range(0, steps).Select(i => FromNanos(fromNanos + i * stepNanos)).ToList();
            var merged = Enumerable.Range(0, steps)
                .Select(i => series.Select(s => folded.GetValueOrDefault(s.Entity.Id)?.Steps[i]).OfType<MetricRollup>().Aggregate((MetricRollup?)null,
                    (sum, next) => sum is null ? next : MergeAcross(sum, next)))
                .ToList();
            heatmap = HistogramHeatmap.Build(times, merged);
        }
        return new MetricQueryResult
        {
            Instrument = instrument,
            Aggregation = aggregation,
            Step = step,
            Source = kind == MetricKind.Summary ? "raw" : source,
            Unit = aggregation == MetricAggregation.Rate ? (kind == MetricKind.Histogram ? "{observations}/s" : $"{first.Unit}/s") : aggregation == MetricAggregation.Count ? "{observations}" : first.Unit,
            Lines = lines,
            Heatmap = heatmap,
        };
    }

    /// <summary>The step and what it is read from: raw points below a minute, minute rollups within their retention, hour rollups beyond.</summary>
    private (TimeSpan Step, string Source) Plan(MetricQuery query, int seriesCount, MetricKind kind)
    {
        var range = query.To - query.From;
        // Below a minute only for short ranges: most exporters send once every 15-60 s, and finer steps are mostly empty.
        var step = query.Step ?? NiceSteps.FirstOrDefault(s => range / s <= 240 && (range <= TimeSpan.FromMinutes(30) || s >= TimeSpan.FromMinutes(1)), TimeSpan.FromDays(7));
        if (range / step > MaxSteps) step = TimeSpan.FromTicks((range.Ticks + MaxSteps - 1) / MaxSteps);
        if (step < TimeSpan.FromSeconds(1)) step = TimeSpan.FromSeconds(1);
        var now = time.GetUtcNow();
        var o = options.Value;
        var rawKept = query.From >= now.AddDays(-o.RawRetentionDays);
        if (kind == MetricKind.Summary)
        {
            if (seriesCount * (range / TimeSpan.FromSeconds(10)) > RowBudget * 4)
                throw new MetricQueryException("Summaries are charted from raw points, and this range holds too many of them; choose a shorter range.");
            return (step, "raw");
        }
        if (step < TimeSpan.FromMinutes(1) && rawKept) return (step, "raw");
        // An alert's window: raw points while few enough (at one point per 15 s), so the window is exact.
        if (query.EndsAtTo && rawKept && seriesCount * range.TotalMinutes * 4 <= RowBudget) return (step, "raw");
        var minuteKept = query.From >= now.AddDays(-o.MinuteRetentionDays);
        if (step < TimeSpan.FromHours(1) && minuteKept && seriesCount * range.TotalMinutes <= RowBudget)
            return (Round(step, TimeSpan.FromMinutes(1)), "minute");
        if (seriesCount * range.TotalHours > RowBudget)
            throw new MetricQueryException($"{seriesCount} series over {range.TotalDays:0} days is more than one chart reads; narrow the query with filters or a shorter range.");
        return (Round(step, TimeSpan.FromHours(1)), "hour");
    }

    private static TimeSpan Round(TimeSpan step, TimeSpan unit) => TimeSpan.FromTicks(Math.Max(1, (step.Ticks + unit.Ticks - 1) / unit.Ticks) * unit.Ticks);

    /// <summary>Per series, per step: the step's rollups merged, and at index −1 (key <c>steps</c>) the bucket before the first step.</summary>
    private static async Task<Dictionary<long, Folded>> FoldRollupsAsync(AiLoggerDbContext db, List<Loaded> series, RollupResolution resolution,
        long fromNanos, long stepNanos, int steps, CancellationToken cancellationToken)
    {
        var width = resolution == RollupResolution.Hour ? 3_600_000_000_000L : 60_000_000_000L;
        var ids = series.Select(s => s.Entity.Id).ToArray();
        var start = fromNanos - width;
        var end = fromNanos + steps * stepNanos;
        var res = (int)resolution;
        var folded = series.ToDictionary(s => s.Entity.Id, _ => new Folded(steps));
        // The marker is read first: a rollup written after it was read is skipped and its minutes are read raw instead.
        var skipped = await FoldPendingAsync(db, series, resolution, fromNanos, stepNanos, start, end, folded, cancellationToken);
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.MetricRollups.AsNoTracking()
                .Where(r => chunk.Contains(r.SeriesId) && r.Resolution == res && r.Bucket >= start && r.Bucket < end)
                .OrderBy(r => r.SeriesId).ThenBy(r => r.Bucket)
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (skipped.Contains(row.Bucket)) continue;
                var index = row.Bucket < fromNanos ? -1 : (int)((row.Bucket - fromNanos) / stepNanos);
                folded[row.SeriesId].Add(index, MetricJson.ReadRollup(row.Data), fromNanos + index * stepNanos);
            }
        }
        return folded;
    }

    /// <summary>Raw points folded per step (cumulative histograms as deltas); summaries keep their last point per step.</summary>
    private static async Task<Dictionary<long, Folded>> FoldPointsAsync(AiLoggerDbContext db, List<Loaded> series, long fromNanos, long stepNanos, int steps,
        CancellationToken cancellationToken)
    {
        var folded = series.ToDictionary(s => s.Entity.Id, _ => new Folded(steps));
        var byId = series.ToDictionary(s => s.Entity.Id, s => s.Entity);
        var end = fromNanos + steps * stepNanos;
        // One step before the range: the baseline of counters and cumulative histograms.
        var start = fromNanos - Math.Max(stepNanos, 5 * 60_000_000_000L);
        foreach (var chunk in byId.Keys.Chunk(500))
        {
            await FoldRawAsync(db, chunk, byId, folded, start, end, (int)RowBudget * 2, time =>
            {
                var index = time < fromNanos ? -1 : (int)((time - fromNanos) / stepNanos);
                return (index, fromNanos + index * stepNanos, true);
            }, cancellationToken);
        }
        return folded;
    }

    /// <summary>
    /// Raw points of <paramref name="chunk"/> in [start, end), by series and time, each folded into the step
    /// <paramref name="place"/> gives its time (and counted, or only the next point's baseline).
    /// </summary>
    private static async Task FoldRawAsync(AiLoggerDbContext db, long[] chunk, Dictionary<long, MetricSeriesEntity> byId, Dictionary<long, Folded> folded,
        long start, long end, int limit, Func<long, (int Index, long StepStart, bool Counts)> place, CancellationToken cancellationToken)
    {
        var rows = await db.MetricPoints.AsNoTracking()
            .Where(p => chunk.Contains(p.SeriesId) && p.Time >= start && p.Time < end)
            .OrderBy(p => p.SeriesId).ThenBy(p => p.Time)
            .Take(limit)
            .ToListAsync(cancellationToken);
        MetricPoint? previous = null;
        long previousSeries = -1;
        foreach (var row in rows)
        {
            if (row.SeriesId != previousSeries) previous = null;
            previousSeries = row.SeriesId;
            var (index, stepStart, counts) = place(row.Time);
            FoldPoint(folded[row.SeriesId], MetricJson.Point(byId[row.SeriesId], row.Time, row.StartTime, row.Value, row.Data), ref previous, index, stepStart, counts);
        }
    }

    /// <summary>
    /// One raw point into its step (cumulative histograms as the delta from <paramref name="previous"/>); with
    /// <paramref name="counts"/> false it only becomes the next point's baseline.
    /// </summary>
    private static void FoldPoint(Folded target, MetricPoint point, ref MetricPoint? previous, int index, long stepStart, bool counts)
    {
        if (point.Type == MetricType.Summary)
        {
            if (index >= 0 && counts) target.Summaries[index] = point;
            return;
        }
        var rolled = point;
        if (point.Type is MetricType.Histogram or MetricType.ExponentialHistogram && point.Temporality == AggregationTemporality.Cumulative)
        {
            // As the writer rolls it up: a series' first point counts whole only if it covers a few minutes.
            rolled = previous is null && !CumulativeHistogramDelta.FirstPointCounts(point) ? null : CumulativeHistogramDelta.Between(previous, point);
            previous = point;
        }
        if (!counts || rolled is null) return;
        try
        {
            if (MetricRollup.FromPoint(rolled, RollupResolution.Minute) is { } rollup) target.Add(index, rollup, stepStart);
        }
        catch (ArgumentException)
        {
            // bounds and counts disagree: left out, as the writer leaves it out of the rollups
        }
    }

    /// <summary>
    /// The minutes whose rollups the writer still holds in memory (<see cref="MetricRollupMarker"/>), read from their
    /// raw points into <paramref name="folded"/>: for minute steps the minute itself, for hour steps the hour's other
    /// minute rollups plus those points. Returns the buckets the stored rollups must not be read for.
    /// </summary>
    private static async Task<HashSet<long>> FoldPendingAsync(AiLoggerDbContext db, List<Loaded> series, RollupResolution resolution,
        long fromNanos, long stepNanos, long start, long end, Dictionary<long, Folded> folded, CancellationToken cancellationToken)
    {
        var marker = await db.Settings.AsNoTracking().Where(s => s.Key == MetricRollupMarker.SettingKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        var pending = MetricRollupMarker.Parse(marker).Where(m => MetricRollup.BucketStart(m, resolution) is var b && b >= start && b < end).ToList();
        var skipped = pending.Select(m => MetricRollup.BucketStart(m, resolution)).ToHashSet();
        if (pending.Count == 0) return skipped;
        int Index(long bucket) => bucket < fromNanos ? -1 : (int)((bucket - fromNanos) / stepNanos);
        var byId = series.ToDictionary(s => s.Entity.Id, s => s.Entity);
        var minutes = pending.ToHashSet();
        foreach (var chunk in byId.Keys.Chunk(500))
        {
            if (resolution == RollupResolution.Hour)
            {
                foreach (var hour in skipped)
                {
                    var hourEnd = hour + MetricRollup.HourNanos;
                    var rows = await db.MetricRollups.AsNoTracking()
                        .Where(r => chunk.Contains(r.SeriesId) && r.Resolution == (int)RollupResolution.Minute && r.Bucket >= hour && r.Bucket < hourEnd)
                        .ToListAsync(cancellationToken);
                    foreach (var row in rows.Where(r => !minutes.Contains(r.Bucket)))
                        folded[row.SeriesId].Add(Index(hour), MetricJson.ReadRollup(row.Data), fromNanos + Index(hour) * stepNanos);
                }
            }
            foreach (var minute in pending)
            {
                var bucket = MetricRollup.BucketStart(minute, resolution);
                // Five minutes before: the baseline of cumulative histograms, as raw reads take it.
                await FoldRawAsync(db, chunk, byId, folded, minute - 5 * MetricRollup.MinuteNanos, minute + MetricRollup.MinuteNanos, (int)RowBudget,
                    time => (Index(bucket), fromNanos + Index(bucket) * stepNanos, time >= minute), cancellationToken);
            }
        }
        return skipped;
    }

    private static double? Aggregate(MetricKind kind, MetricAggregation aggregation, IEnumerable<Folded?> group, int index, TimeSpan step, long fromNanos)
    {
        var seconds = step.TotalSeconds;
        if (kind == MetricKind.Summary)
        {
            var points = group.Select(f => f?.Summaries[index]).OfType<MetricPoint>().ToList();
            if (points.Count == 0) return null;
            if (aggregation == MetricAggregation.Count) return points.Sum(p => p.Count ?? 0);
            if (aggregation == MetricAggregation.Avg)
                return points.Sum(p => p.Count ?? 0) is var n and > 0 ? points.Sum(p => p.Sum ?? 0) / n : null;
            var q = MetricKinds.Quantile(aggregation) ?? 0.5;
            var values = points.Select(p => p.Quantiles?.OrderBy(x => Math.Abs(x.Quantile - q)).FirstOrDefault()?.Value).OfType<double>().ToList();
            return values.Count == 0 ? null : values.Average();
        }

        var rollups = new List<(MetricRollup Current, MetricRollup? Previous)>();
        foreach (var folded in group)
            if (folded?.Steps[index] is { } current) rollups.Add((current, folded.Previous(index)));
        if (rollups.Count == 0) return null;

        switch (kind)
        {
            case MetricKind.Counter:
                // With nothing before it in the range, a counter's first point counts whole only if the counter
                // started inside the range; otherwise it is the baseline.
                var increase = rollups.Sum(r => r.Previous is null
                    ? (r.Current with { BucketStartUnixNano = fromNanos }).Increase
                    : r.Current.IncreaseAfter(r.Previous));
                return aggregation == MetricAggregation.Rate ? increase / seconds : increase;
            case MetricKind.Histogram:
                var merged = rollups.Select(r => r.Current).Aggregate(MergeAcross);
                return aggregation switch
                {
                    MetricAggregation.Count => merged.Count,
                    MetricAggregation.Rate => merged.Count / seconds,
                    MetricAggregation.Sum => merged.Sum,
                    MetricAggregation.Avg => merged.Average,
                    MetricAggregation.Min => merged.Min,
                    MetricAggregation.Max => merged.Max,
                    _ => Quantile(merged, MetricKinds.Quantile(aggregation)!.Value),
                };
            default:
                return aggregation switch
                {
                    MetricAggregation.Min => rollups.Min(r => r.Current.Min),
                    MetricAggregation.Max => rollups.Max(r => r.Current.Max),
                    MetricAggregation.Last => rollups.Average(r => r.Current.Last),
                    MetricAggregation.Sum => rollups.Sum(r => r.Current.Average ?? 0),
                    _ => rollups.Sum(r => r.Current.Average ?? 0) / rollups.Count,
                };
        }
    }

    private static MetricRollup MergeAcross(MetricRollup a, MetricRollup b)
    {
        try
        {
            return MetricRollup.Merge(a, b with { Resolution = a.Resolution, BucketStartUnixNano = a.BucketStartUnixNano });
        }
        catch (ArgumentException)
        {
            return a;
        }
    }

    private static double? Quantile(MetricRollup merged, double q) => merged.Kind switch
    {
        MetricRollupKind.Histogram when merged.BucketCounts is { } counts => ExplicitHistogramQuantile.Estimate(merged.ExplicitBounds ?? [], counts, q, merged.Min, merged.Max),
        MetricRollupKind.ExponentialHistogram when merged.Exponential is { } e => ExponentialHistogramQuantile.Estimate(e, q, merged.Min, merged.Max),
        _ => null,
    };

    private sealed class Folded(int steps)
    {
        public MetricRollup?[] Steps { get; } = new MetricRollup?[steps];

        public MetricPoint?[] Summaries { get; } = new MetricPoint?[steps];

        public MetricRollup? Before { get; private set; }

        private MetricRollup?[]? _previous;

        /// <summary>The series' last rollup before step <paramref name="index"/> (gaps skipped; the bucket before the range counts), or null.</summary>
        public MetricRollup? Previous(int index)
        {
            if (_previous is null)
            {
                _previous = new MetricRollup?[Steps.Length];
                var last = Before;
                for (var i = 0; i < Steps.Length; i++)
                {
                    _previous[i] = last;
                    if (Steps[i] is { } step) last = step;
                }
            }
            return _previous[index];
        }

        public void Add(int index, MetricRollup rollup, long stepStart)
        {
            if (index >= Steps.Length) return;
            // Rollups of one step share its bucket, so Merge folds them (in time order, whatever the read order).
            var normal = rollup with { BucketStartUnixNano = stepStart, Resolution = RollupResolution.Minute };
            ref var slot = ref index < 0 ? ref BeforeSlot : ref Steps[index];
            try
            {
                slot = slot is null ? normal : MetricRollup.Merge(slot, normal);
            }
            catch (ArgumentException)
            {
                slot = normal;
            }
            if (index < 0) Before = BeforeSlot;
        }

        private MetricRollup? BeforeSlot;
    }

    private sealed record Loaded(MetricSeriesEntity Entity, MetricSeries Series);

    private static async Task<List<Loaded>> LoadSeriesAsync(AiLoggerDbContext db, MetricSelector selector, CancellationToken cancellationToken)
    {
        var query = db.MetricSeries.AsNoTracking().Where(s => s.Name == selector.Name);
        if (!string.IsNullOrEmpty(selector.Service)) query = query.Where(s => s.Service == selector.Service);
        if (!string.IsNullOrEmpty(selector.Scope)) query = query.Where(s => s.Scope == selector.Scope);
        if (!string.IsNullOrEmpty(selector.Host)) query = query.Where(s => s.Host == selector.Host);
        // The cap per metric bounds this (plus one overflow series per service, host and scope).
        var rows = await query.OrderBy(s => s.Id).Take(MaxSeries * 2).ToListAsync(cancellationToken);
        var loaded = new List<Loaded>(rows.Count);
        foreach (var row in rows)
        {
            var series = ToSeries(row);
            if (selector.Matches(series)) loaded.Add(new Loaded(row, series));
        }
        return loaded;
    }

    private static MetricSeries ToSeries(MetricSeriesEntity s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Service = Null(s.Service),
        Scope = Null(s.Scope),
        Host = Null(s.Host),
        Unit = Null(s.Unit),
        Type = (MetricType)s.Type,
        Monotonic = s.Monotonic,
        Temporality = (AggregationTemporality)s.Temporality,
        Description = s.Description,
        Attributes = ParseAttributes(s.Attributes),
        FirstSeen = FromNanos(s.FirstSeen),
        LastSeen = FromNanos(s.LastSeen),
        Overflow = s.Overflow,
    };

    private static string? Null(string value) => value.Length == 0 ? null : value;

    private static Dictionary<string, string> ParseAttributes(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return result;
            foreach (var property in document.RootElement.EnumerateObject())
                result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }
        catch (JsonException)
        {
            // written by the writer from OTLP's attributes; unreadable text leaves the series without attributes
        }
        return result;
    }

    private static string GroupKey(MetricSeries series, IReadOnlyList<string> groupBy) =>
        string.Join('\u001f', groupBy.Select(k => GroupValue(series, k)));

    private static Dictionary<string, string> GroupOf(MetricSeries series, IReadOnlyList<string> groupBy) =>
        groupBy.ToDictionary(k => k, k => GroupValue(series, k), StringComparer.Ordinal);

    private static string GroupValue(MetricSeries series, string key) => key switch
    {
        "service" => series.Service ?? "",
        "host" => series.Host ?? "",
        "scope" => series.Scope ?? "",
        _ => series.Attributes.GetValueOrDefault(key) ?? (series.Overflow ? "(overflow)" : ""),
    };

    private static long Floor(long nanos, TimeSpan step)
    {
        var width = step.Ticks * NanosPerTick;
        return nanos - (((nanos % width) + width) % width);
    }

    internal static long ToNanos(DateTimeOffset at) => (at.UtcTicks - DateTime.UnixEpoch.Ticks) * NanosPerTick;

    internal static DateTimeOffset FromNanos(long nanos) => new(DateTime.UnixEpoch.Ticks + nanos / NanosPerTick, TimeSpan.Zero);
}

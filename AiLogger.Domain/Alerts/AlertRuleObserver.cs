using AiLogger.Domain.Common;
using AiLogger.Domain.Logs;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Domain.TestResults;

namespace AiLogger.Domain.Alerts;

/// <summary>
/// Reads a rule's value at a given time: the count of matching events over the window (per group) through
/// <see cref="ILogAggregator"/>, which answers from the rollups when the query allows; a model's metric or drift
/// through <see cref="IModelMetricSource"/>; a metric's aggregate over the window (per group) through <see cref="IMetricStore"/>;
/// a project's latest test run through <see cref="ITestResultStore"/>.
/// </summary>
public sealed class AlertRuleObserver(ILogAggregator logs, IModelMetricSource models, IMetricStore metrics, ITestResultStore tests)
{
    /// <summary>Rules with the same key have the same value at the same time, so one reading serves them all.</summary>
    public static string SignalKey(AlertRule rule) => rule.Kind switch
    {
        AlertKinds.Logs => $"logs|{rule.Window.Ticks}|{rule.GroupBy?.ToLowerInvariant()}|{rule.Query.Text}",
        AlertKinds.ModelMetric => $"model|{rule.Window.Ticks}|{rule.Model}|{rule.Metric}|{rule.Class}",
        AlertKinds.Metric => $"metric|{rule.Window.Ticks}|{rule.Metric}|{rule.Aggregation}|{MetricRuleFilter.Format(rule.Filter)}|{rule.GroupBy}",
        AlertKinds.Tests => $"tests|{rule.Metric}|{MetricRuleFilter.Format(rule.Filter)}",
        _ => $"drift|{rule.Model}|{rule.Feature}|{rule.Metric}",
    };

    public async Task<AlertObservation> ObserveAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (rule.Kind)
        {
            case AlertKinds.Logs:
            {
                var aggregate = await logs.AggregateAsync(new LogAggregateRequest
                {
                    Query = rule.Query,
                    From = now - rule.Window,
                    To = now,
                    GroupBy = rule.GroupBy,
                }, cancellationToken);
                if (rule.GroupBy is null) return AlertObservation.Single(aggregate.Total);
                var values = new Dictionary<string, double>();
                foreach (var group in aggregate.Groups) values[group.Value ?? string.Empty] = group.Count;
                return new AlertObservation { Values = values };
            }
            case AlertKinds.Metric:
            {
                MetricQueryResult? result;
                try
                {
                    result = await MetricAsync(rule, now - rule.Window, now, rule.Window, cancellationToken);
                }
                catch (MetricQueryException error)
                {
                    return AlertObservation.Missing($"No value: {error.Message}");
                }
                if (result is null) return AlertObservation.Missing(NoSeries(rule));
                var keys = MetricRuleFilter.GroupKeys(rule.GroupBy);
                var values = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var line in result.Lines)
                    if (line.Values.Count > 0 && line.Values[^1].Value is { } v && double.IsFinite(v))
                        values[keys.Count == 0 ? string.Empty : MetricRuleFilter.GroupKey(keys, line.Group)] = v;
                return values.Count > 0
                    ? new AlertObservation { Values = values }
                    : AlertObservation.Missing($"No data: {rule.Metric} has no points in the last {Durations.Format(rule.Window)}.");
            }
            case AlertKinds.Tests:
                return await TestsAsync(rule, cancellationToken);
            case AlertKinds.ModelMetric:
            {
                var value = await models.MetricAsync(rule.Model!, rule.Metric!, rule.Class, now - rule.Window, now, cancellationToken);
                return value is { } v && double.IsFinite(v)
                    ? AlertObservation.Single(v)
                    : AlertObservation.Missing($"No data: model '{rule.Model}' has no {rule.Metric}{(rule.Class is null ? "" : $" for class '{rule.Class}'")} " +
                                               $"over the last {Durations.Format(rule.Window)} (no validated predictions, or model monitoring is not available).");
            }
            default:
            {
                var feature = rule.Feature ?? AlertMetrics.DefaultDriftFeature;
                var reading = await models.DriftAsync(rule.Model!, feature, cancellationToken);
                if (reading is null)
                    return AlertObservation.Missing($"No data: no drift result for model '{rule.Model}', feature '{feature}' (no reference set, or not computed yet).");
                double? value = rule.Metric switch
                {
                    AlertMetrics.Drifted => reading.Drifted ? 1 : 0,
                    AlertMetrics.Statistic => reading.Statistic,
                    AlertMetrics.PValue => reading.PValue,
                    _ => reading.Psi,
                };
                return value is { } d && double.IsFinite(d)
                    ? AlertObservation.Single(d)
                    : AlertObservation.Missing($"No data: the drift test of '{feature}' ({reading.Method}) gives no {rule.Metric}.");
            }
        }
    }

    /// <summary>The latest run of the rule's project (on its branch, when it names one) as the value its metric asks for.</summary>
    private async Task<AlertObservation> TestsAsync(AlertRule rule, CancellationToken cancellationToken)
    {
        var project = rule.Filter.GetValueOrDefault("project") ?? string.Empty;
        var branch = rule.Filter.GetValueOrDefault("branch");
        var where = branch is null ? $"project '{project}'" : $"project '{project}' on {branch}";
        if (rule.Metric == AlertMetrics.Flaky)
            return AlertObservation.Single((await tests.ListFlakyAsync(project, branch, cancellationToken)).Select(f => f.CaseId).Distinct().Count());
        var runs = await tests.ListRunsAsync(project, branch, 2, cancellationToken);
        if (runs.Count == 0) return AlertObservation.Missing($"No data: no test run of {where} yet.");
        var latest = runs[0];
        switch (rule.Metric)
        {
            case AlertMetrics.Failures:
                return AlertObservation.Single(latest.Totals.Failed + latest.Totals.Errors);
            case AlertMetrics.PassRate:
                return latest.Totals.PassRate() is { } rate ? AlertObservation.Single(rate) : AlertObservation.Missing($"No data: run #{latest.Id} of {where} ran no test.");
            default:
                if (runs.Count < 2 || runs[1].LineRate is not { } before || latest.LineRate is not { } now)
                    return AlertObservation.Missing($"No data: the latest two runs of {where} do not both have coverage.");
                return AlertObservation.Single(Math.Round((before - now) * 100, 4));
        }
    }

    /// <summary>The rule's value over [from − window, to), bucket by bucket; see <see cref="IAlertEvaluator.PreviewAsync"/>.</summary>
    public async Task<AlertPreview> PreviewAsync(AlertRule rule, DateTimeOffset now, TimeSpan? range, CancellationToken cancellationToken)
    {
        var span = range ?? TimeSpan.FromTicks(Math.Max(TimeSpan.FromHours(1).Ticks, rule.Window.Ticks * 12));
        span = TimeSpan.FromTicks(Math.Clamp(span.Ticks, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromDays(7).Ticks));
        var preview = new AlertPreview
        {
            From = now - span,
            To = now,
            Window = rule.Window,
            Threshold = rule.Threshold,
            Comparison = rule.Comparison,
        };
        if (rule.Kind == AlertKinds.Drift)
            return preview with { Note = "A drift rule reads the latest drift result; its history is on the model's page." };
        if (rule.Kind == AlertKinds.Tests)
        {
            var observation = await TestsAsync(rule, cancellationToken);
            var value = observation.Values.Count == 1 ? observation.Values.Values.First() : (double?)null;
            return preview with
            {
                Note = value is { } v
                    ? $"A tests rule reads the latest run: {rule.Metric} is {AlertValues.Format(v)} now. The runs' history is on the Tests page."
                    : observation.NoData ?? "No run yet.",
            };
        }

        var interval = HistogramIntervals.For(span, maxBuckets: 60);
        if (rule.Window > TimeSpan.Zero && interval > rule.Window) interval = rule.Window;
        var end = new DateTimeOffset(now.UtcTicks - now.UtcTicks % interval.Ticks, TimeSpan.Zero) + interval;
        preview = preview with { Interval = interval, To = end, From = end - span };

        if (rule.Kind == AlertKinds.Metric) return await MetricPreviewAsync(rule, preview, now, span, cancellationToken);

        if (rule.Kind == AlertKinds.ModelMetric)
        {
            var points = new List<AlertPreviewPoint>();
            var step = TimeSpan.FromTicks(Math.Max(interval.Ticks, span.Ticks / 24));
            for (var at = preview.From + step; at <= end; at += step)
            {
                var value = await models.MetricAsync(rule.Model!, rule.Metric!, rule.Class, at - rule.Window, at, cancellationToken);
                points.Add(new AlertPreviewPoint(at - step, at, value ?? double.NaN, value));
            }
            return preview with
            {
                Interval = step,
                Points = points,
                PointsAbove = points.Count(p => p.Above(rule.Comparison, rule.Threshold)),
                Note = points.All(p => p.Value is null) ? $"No data: model '{rule.Model}' has no {rule.Metric} in this range." : null,
            };
        }

        var total = await SeriesAsync(rule.Query, preview.From, end, interval, rule.Window, cancellationToken);
        var groups = new List<AlertPreviewSeries>();
        if (rule.GroupBy is { } groupBy)
        {
            var largest = await logs.AggregateAsync(new LogAggregateRequest
            {
                Query = rule.Query,
                From = preview.From - rule.Window,
                To = end,
                GroupBy = groupBy,
            }, cancellationToken);
            foreach (var group in largest.Groups.Where(g => g.Value is not null).Take(AlertPreview.MaxGroupSeries))
            {
                var narrowed = AlertGroups.Narrow(rule.Query, groupBy, group.Value!);
                if (ReferenceEquals(narrowed, rule.Query)) continue;
                groups.Add(new AlertPreviewSeries(group.Value, await SeriesAsync(narrowed, preview.From, end, interval, rule.Window, cancellationToken)));
            }
        }
        var judged = rule.GroupBy is null ? total : groups.SelectMany(g => g.Points).ToList();
        return preview with
        {
            Points = total,
            Groups = groups,
            PointsAbove = judged.Count(p => p.Above(rule.Comparison, rule.Threshold)),
        };
    }

    /// <summary>
    /// A metric rule's value step by step, each step one window long (or longer when the range would need more than
    /// 240), the last one ending now: per group when the rule groups, the groups with the largest values first.
    /// </summary>
    private async Task<AlertPreview> MetricPreviewAsync(AlertRule rule, AlertPreview preview, DateTimeOffset now, TimeSpan span, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromTicks(Math.Max(rule.Window.Ticks, span.Ticks / 240));
        MetricQueryResult? result;
        try
        {
            result = await MetricAsync(rule, now - span, now, step, cancellationToken);
        }
        catch (MetricQueryException error)
        {
            return preview with { Note = error.Message };
        }
        if (result is null) return preview with { Note = NoSeries(rule) };

        static List<AlertPreviewPoint> Points(MetricLine line, TimeSpan step) =>
            line.Values.Select(v => new AlertPreviewPoint(v.Time, v.Time + step, v.Value ?? double.NaN, v.Value)).ToList();
        var keys = MetricRuleFilter.GroupKeys(rule.GroupBy);
        var groups = keys.Count == 0
            ? []
            : result.Lines.OrderByDescending(l => l.Values.Max(v => v.Value ?? double.MinValue))
                .Take(AlertPreview.MaxGroupSeries).Select(l => new AlertPreviewSeries(MetricRuleFilter.GroupKey(keys, l.Group), Points(l, step))).ToList();
        // Without groups every series of the selection is one line; with groups, the chart's line is the largest group.
        var total = keys.Count == 0 ? Points(result.Lines[0], step) : groups.Count > 0 ? groups[0].Points.ToList() : [];
        var judged = keys.Count == 0 ? total : groups.SelectMany(g => g.Points).ToList();
        return preview with
        {
            From = now - span,
            To = now,
            Interval = step,
            Points = total,
            Groups = groups,
            PointsAbove = judged.Count(p => p.Above(rule.Comparison, rule.Threshold)),
            Note = total.All(p => p.Value is null) ? $"No data: {rule.Metric} has no points in this range." : null,
        };
    }

    private Task<MetricQueryResult?> MetricAsync(AlertRule rule, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken) =>
        metrics.QueryAsync(new MetricQuery
        {
            Selector = MetricRuleFilter.Selector(rule.Metric!, rule.Filter),
            From = from,
            To = to,
            Step = step,
            Aggregation = MetricKinds.TryParse(rule.Aggregation, out var aggregation) ? aggregation : null,
            GroupBy = MetricRuleFilter.GroupKeys(rule.GroupBy),
            EndsAtTo = true,
        }, cancellationToken);

    private static string NoSeries(AlertRule rule) =>
        $"No data: no series of metric '{rule.Metric}'{(rule.Filter.Count == 0 ? "" : $" with {MetricRuleFilter.Format(rule.Filter)}")} is stored.";

    private async Task<IReadOnlyList<AlertPreviewPoint>> SeriesAsync(
        Logs.Query.LogQuery query, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, TimeSpan window, CancellationToken cancellationToken)
    {
        // The buckets before 'from' complete the first window.
        var lead = (int)Math.Ceiling(window.Ticks / (double)interval.Ticks);
        var aggregate = await logs.AggregateAsync(new LogAggregateRequest
        {
            Query = query,
            From = from - interval * lead,
            To = to,
            Interval = interval,
        }, cancellationToken);
        var buckets = aggregate.Histogram;
        var points = new List<AlertPreviewPoint>(buckets.Count);
        double running = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            running += buckets[i].Total;
            if (i >= lead) running -= buckets[i - lead].Total;
            var start = buckets[i].Start;
            if (start < from) continue;
            points.Add(new AlertPreviewPoint(start, start + interval, buckets[i].Total, running));
        }
        return points;
    }
}

using System.Globalization;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Infrastructure.SystemMetrics;
using AiLogger.Web.Components.Charts;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Features.SystemMetrics;

/// <summary><c>/system/metrics</c>: the metrics stored, and one of them charted with an aggregation, a grouping and filters (all in the URL).</summary>
public partial class MetricsExplorer : IDisposable
{
    private CancellationTokenSource _load = new();
    private MetricsView _view = new();
    private IReadOnlyList<MetricInstrument> _instruments = [];
    private MetricQueryResult? _result;
    private IReadOnlyList<ChartSeries> _series = [];
    private string _unit = string.Empty;
    private object? _chartOptions;
    private double _factor = 1;
    private string _filter = string.Empty;
    private bool _loading;
    private string? _error;
    private IReadOnlyList<(string Key, IReadOnlyList<string> Values)> _dimensions = [];
    private (DateTimeOffset From, DateTimeOffset To) _range;
    private IReadOnlyList<MetricExemplarRow> _exemplars = [];
    private IReadOnlyList<ChartSeries> _heatmap = [];
    private bool _exemplarDots;
    private IReadOnlyList<(string Service, IReadOnlyList<(string Meter, IReadOnlyList<MetricInstrument> Instruments)> Meters)> _tree = [];
    private readonly HashSet<string> _collapsed = new(StringComparer.Ordinal);

    [Inject] private IMetricStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IOptions<SystemMetricsOptions> Options { get; set; } = default!;
    [Inject] private ILogger<MetricsExplorer> Logger { get; set; } = default!;

    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    private string Aggregation => (_result is { } r ? MetricKinds.Name(r.Aggregation) : null) ?? _view.Aggregation;

    private IReadOnlyCollection<string> GroupKeys => _view.GroupBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private IEnumerable<string> GroupChoices => new[] { "service", "host" }.Concat(_result?.Instrument.AttributeKeys ?? []).Distinct(StringComparer.Ordinal);

    private string Step => _result is null ? "" : _result.Step.TotalHours >= 1 ? $"{_result.Step.TotalHours:0.#}h"
        : _result.Step.TotalMinutes >= 1 ? $"{_result.Step.TotalMinutes:0.#}m" : $"{_result.Step.TotalSeconds:0}s";

    private string Format(double? value) => value is { } v ? (v * _factor).ToString("#,0.###", CultureInfo.InvariantCulture) + (_unit.Length > 0 ? " " + _unit : "") : "–";

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        await ShowAsync(MetricsView.FromUri(Navigation.Uri));
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(MetricsView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(MetricsView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void Go(MetricsView view) => Navigation.NavigateTo(view.ToUri());

    private void ApplyFilter()
    {
        if (_filter.Trim() != _view.Filter) Go(_view with { Filter = _filter.Trim() });
    }

    private void OnFilterKey(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") ApplyFilter();
    }

    private Task<IEnumerable<string>> SearchMetrics(string? text, CancellationToken token) =>
        Task.FromResult(_instruments.Select(i => i.Name).Where(n => string.IsNullOrWhiteSpace(text) || n.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private async Task ShowAsync(MetricsView view)
    {
        _view = view;
        _filter = view.Filter;
        _error = null;
        await _load.CancelAsync();
        _load.Dispose();
        _load = new CancellationTokenSource();
        var token = _load.Token;
        _loading = true;
        try
        {
            _instruments = await Store.ListInstrumentsAsync(null, null, token);
            _tree = Tree(_instruments);
            _result = null;
            _exemplars = [];
            if (view.Name.Length == 0) return;
            MetricAggregation? aggregation = Enum.TryParse<MetricAggregation>(view.Aggregation, true, out var parsed) ? parsed : null;
            var (from, to) = (Clock.GetUtcNow() - SystemView.Length(view.Range), Clock.GetUtcNow());
            _range = (from, to);
            var result = await Store.QueryAsync(new MetricQuery
            {
                Selector = view.Selector(),
                From = from, To = to, Aggregation = aggregation, GroupBy = GroupKeys.ToList(), Heatmap = view.Heatmap,
            }, token);
            if (result is null)
            {
                _error = $"No series of '{view.Name}' matches{(view.Filter.Length > 0 || view.Host.Length > 0 || view.Service.Length > 0 || view.Meter.Length > 0 ? " these filters" : "")}. Pick a metric from the list, or remove a filter.";
                return;
            }
            _result = result;
            _dimensions = await DimensionsAsync(view, token);
            (_series, _unit) = MetricCharts.Series(result);
            var max = result.Lines.SelectMany(l => l.Values).Select(v => v.Value ?? 0).DefaultIfEmpty(0).Max();
            _factor = MetricCharts.Scale(result.Unit, max).Factor;
            _exemplars = await ExemplarsAsync(view, from, to, result.Instrument.Name, token);
            _exemplarDots = _exemplars.Count > 0 && MetricCharts.ExemplarsOnValueAxis(result.Instrument.Kind, result.Aggregation);
            if (_exemplarDots) _series = [.. _series, MetricCharts.Exemplars(_exemplars, _factor)];
            _chartOptions = MetricCharts.Options(from, to, _series, _unit);
            _heatmap = result.Heatmap is { } heatmap ? MetricCharts.Heatmap(heatmap, result.Instrument.Unit) : [];
        }
        catch (MetricQueryException error)
        {
            _error = error.Message;
        }
        catch (OperationCanceledException)
        {
            // A newer view replaced this one.
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Metric {Name} could not be read", view.Name);
            _error = "The metric could not be read from the database; try again in a moment.";
        }
        finally
        {
            _loading = false;
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private const int MaxExemplars = 100;

    /// <summary>The newest exemplars with a trace among the range's raw points (raw points are kept for days, so older ranges have none).</summary>
    private async Task<IReadOnlyList<MetricExemplarRow>> ExemplarsAsync(MetricsView view, DateTimeOffset from, DateTimeOffset to, string name, CancellationToken token)
    {
        var points = await Store.ReadPointsAsync(view.Selector(), from, to, 2_000, token);
        return points
            .SelectMany(p => p.Point.Exemplars.Where(e => e.TraceId is { Length: > 0 }).Select(e => new MetricExemplarRow(
                DateTimeOffset.UnixEpoch.AddTicks((e.TimeUnixNano > 0 ? e.TimeUnixNano : p.Point.TimeUnixNano) / 100),
                e.Value, e.TraceId!, e.SpanId, MetricCharts.Label(p.Series.Attributes, p.Series.Service ?? name))))
            .OrderByDescending(e => e.Time).Take(MaxExemplars).ToList();
    }

    /// <summary>A click on the chart: an exemplar's dot opens its trace.</summary>
    private void OnPointSelected((int Series, int Point) selected)
    {
        if (!_exemplarDots || selected.Series != _series.Count - 1) return;
        var dots = _exemplars.OrderBy(e => e.Time).ToList();
        if (selected.Point < dots.Count) Navigation.NavigateTo(dots[selected.Point].TraceUrl);
    }

    /// <summary>Services → meters → instruments, as the explorer's tree shows them (empty names last).</summary>
    private static IReadOnlyList<(string Service, IReadOnlyList<(string Meter, IReadOnlyList<MetricInstrument> Instruments)> Meters)> Tree(
        IReadOnlyList<MetricInstrument> instruments) =>
        instruments.SelectMany(i => i.Sources.Select(s => (s.Service, s.Meter, Instrument: i)))
            .GroupBy(x => x.Service, StringComparer.Ordinal)
            .OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<(string, IReadOnlyList<MetricInstrument>)>)g
                .GroupBy(x => x.Meter, StringComparer.Ordinal)
                .OrderBy(m => m.Key.Length == 0).ThenBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => (m.Key, (IReadOnlyList<MetricInstrument>)m.Select(x => x.Instrument).DistinctBy(i => i.Name).OrderBy(i => i.Name, StringComparer.Ordinal).ToList()))
                .ToList()))
            .ToList();

    private static string TreeKey(params string[] parts) => string.Join('\u001f', parts);

    private string? SelectedTreeKey => _view.Name.Length == 0 ? null : TreeKey(_view.Service, _view.Meter, _view.Name);

    private bool IsExpanded(string key) => !_collapsed.Contains(key);

    private void SetExpanded(string key, bool expanded)
    {
        if (expanded) _collapsed.Remove(key);
        else _collapsed.Add(key);
    }

    private void OnTreeSelected(string? key)
    {
        if (key?.Split('\u001f') is not [var service, var meter, var name] || key == SelectedTreeKey) return;
        Go(new MetricsView { Name = name, Service = service, Meter = meter, Range = _view.Range, Host = _view.Host });
    }

    private const int MaxDimensionValues = 40;

    /// <summary>
    /// Each attribute key of the metric's series (within service and host, not within the attribute filter, so a value
    /// unticked can be ticked again) with its values, for the checkboxes; keys with more values than fit are left to the text filter.
    /// </summary>
    private async Task<IReadOnlyList<(string Key, IReadOnlyList<string> Values)>> DimensionsAsync(MetricsView view, CancellationToken token)
    {
        var series = await Store.ListSeriesAsync(view.Selector() with { Attributes = new Dictionary<string, string>(), AnyOf = new Dictionary<string, IReadOnlyList<string>>() },
            5_000, token);
        return series.SelectMany(s => s.Attributes).GroupBy(a => a.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(a => a.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .Where(d => d.Item2.Count is > 1 and <= MaxDimensionValues)
            .OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
    }

    private bool IsChosen(string key, string value) => _view.Chosen(key) is not { } chosen || chosen.Contains(value, StringComparer.Ordinal);

    private void Toggle(string key, string value, IReadOnlyList<string> all, bool on)
    {
        var chosen = all.Where(v => v == value ? on : IsChosen(key, v)).ToList();
        Go(_view.Choose(key, chosen, all));
    }

    /// <summary>The chart's figures as CSV, through the API the page reads with the same selection and range.</summary>
    private string CsvUrl
    {
        get
        {
            var parameters = new List<KeyValuePair<string, string?>>
            {
                new("name", _view.Name), new("from", _range.From.ToString("O")), new("to", _range.To.ToString("O")), new("format", "csv"),
            };
            if (_result is { } r) parameters.Add(new("agg", MetricKinds.Name(r.Aggregation)));
            if (_view.GroupBy.Length > 0) parameters.Add(new("groupBy", _view.GroupBy));
            if (_view.Service.Length > 0) parameters.Add(new("service", _view.Service));
            if (_view.Host.Length > 0) parameters.Add(new("host", _view.Host));
            if (_view.Meter.Length > 0) parameters.Add(new("scope", _view.Meter));
            parameters.AddRange(_view.Filters.Select(f => new KeyValuePair<string, string?>("filter", $"{f.Key}={f.Value}")));
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(AiLogger.Web.Api.Routes.MetricsApi + "/query", parameters);
        }
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _load.Cancel();
        _load.Dispose();
    }
}

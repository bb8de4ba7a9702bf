using System.Globalization;
using AiLogger.Domain.SystemMetrics;
using AiLogger.Web.Components.Charts;
using AiLogger.Infrastructure.SystemMetrics;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Features.SystemMetrics;

/// <summary>
/// <c>/system</c>: one host at a glance (CPU, memory, filesystems, load, disk and network traffic) from the
/// <c>system.*</c> metrics the hostmetrics conventions name, read from the metric store like any other chart.
/// </summary>
public partial class SystemPage : IDisposable
{
    private CancellationTokenSource _load = new();
    private SystemView _view = new();
    private IReadOnlyList<(string Host, DateTimeOffset LastSeen)> _hosts = [];
    private string _host = string.Empty;
    private List<Panel> _panels = [];
    private IReadOnlyList<string> _notes = [];
    private string _cpuNow = "–", _memoryNow = "–", _diskNow = "–", _loadNow = "–";
    private bool _diskFull;
    private bool _loading;
    private string? _error;

    [Inject] private IMetricStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IOptions<SystemMetricsOptions> Options { get; set; } = default!;
    [Inject] private IHostSampling Sampling { get; set; } = default!;
    [Inject] private ILogger<SystemPage> Logger { get; set; } = default!;

    private string HostName => Sampling.HostName;

    private sealed record Definition(string Id, string Title, string Metric, MetricAggregation Aggregation, string[] GroupBy, ApexChartType Type,
        bool Stacked, string Empty, Func<MetricLine, bool>? Skip = null);

    private sealed record Panel(Definition Definition, IReadOnlyList<ChartSeries> Series, string Unit, object Options)
    {
        public string Id => Definition.Id;
        public string Title => Definition.Title;
        public ApexChartType Type => Definition.Type;
        public bool Stacked => Definition.Stacked;
        public string Empty => Definition.Empty;

        public string ExploreUri(SystemView view, string host) => new MetricsView
        {
            Name = Definition.Metric, Range = view.Range, Host = host, Aggregation = MetricKinds.Name(Definition.Aggregation),
            GroupBy = string.Join(',', Definition.GroupBy),
        }.ToUri();
    }

    private static readonly Definition[] Definitions =
    [
        new("cpu", "CPU by state", "system.cpu.utilization", MetricAggregation.Avg, ["state"], ApexChartType.Area, true,
            "No CPU samples yet (two are needed for a rate).", l => l.Group.GetValueOrDefault("state") == "idle"),
        new("memory", "Memory by state", "system.memory.usage", MetricAggregation.Last, ["state"], ApexChartType.Area, true, "No memory samples in this range."),
        new("filesystem", "Filesystem used", "system.filesystem.utilization", MetricAggregation.Max, ["mountpoint"], ApexChartType.Line, false,
            "No filesystem samples in this range."),
        new("load", "Load average (1 min)", "system.cpu.load_average.1m", MetricAggregation.Avg, [], ApexChartType.Line, false, "No load samples in this range."),
        new("disk", "Disk traffic", "system.disk.io", MetricAggregation.Rate, ["direction"], ApexChartType.Line, false, "No disk counters in this range."),
        new("network", "Network traffic", "system.network.io", MetricAggregation.Rate, ["direction"], ApexChartType.Line, false, "No network counters in this range."),
    ];

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        await ShowAsync(SystemView.FromUri(Navigation.Uri));
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(SystemView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(SystemView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void Go(SystemView view) => Navigation.NavigateTo(view.ToUri());

    private async Task ShowAsync(SystemView view)
    {
        _view = view;
        _error = null;
        await _load.CancelAsync();
        _load.Dispose();
        _load = new CancellationTokenSource();
        var token = _load.Token;
        _loading = true;
        try
        {
            _hosts = await Store.ListHostsAsync(token);
            _notes = Sampling.Notes;
            _host = view.Host.Length > 0 ? view.Host
                : _hosts.Any(h => h.Host == HostName) ? HostName
                : _hosts.FirstOrDefault().Host ?? string.Empty;
            if (_hosts.Count == 0) return;

            var (from, to) = view.Window(Clock.GetUtcNow());
            var results = new Dictionary<string, MetricQueryResult?>();
            var panels = new List<Panel>();
            foreach (var definition in Definitions)
            {
                var result = await QueryAsync(definition.Metric, definition.Aggregation, definition.GroupBy, from, to, token);
                results[definition.Id] = result;
                var (series, unit) = MetricCharts.Series(result, definition.Skip, aligned: definition.Stacked);
                panels.Add(new Panel(definition, series.Any(s => s.Data.Any(p => p.Y is not null)) ? series : [], unit, MetricCharts.Options(from, to, series, unit)));
            }
            _panels = panels;

            var idle = MetricCharts.Latest(results["cpu"], l => l.Group.GetValueOrDefault("state") == "idle");
            _cpuNow = idle is { } i ? MetricCharts.Percent(Math.Max(0, 1 - i)) : "–";
            var memory = await QueryAsync("system.memory.utilization", MetricAggregation.Last, ["state"], from, to, token);
            _memoryNow = MetricCharts.Percent(MetricCharts.Latest(memory, l => l.Group.GetValueOrDefault("state") == "used"));
            var fullest = results["filesystem"]?.Lines
                .Select(l => (Mount: l.Group.GetValueOrDefault("mountpoint") ?? "", Value: l.Values.LastOrDefault(v => v.Value is not null)?.Value))
                .Where(l => l.Value is not null).OrderByDescending(l => l.Value).FirstOrDefault();
            _diskNow = fullest?.Value is { } used ? $"{MetricCharts.Percent(used)} ({fullest.Value.Mount})" : "–";
            _diskFull = fullest?.Value >= 0.9;
            _loadNow = MetricCharts.Latest(results["load"]) is { } load ? load.ToString("0.00", CultureInfo.InvariantCulture) : "–";
        }
        catch (OperationCanceledException)
        {
            // A newer view replaced this one.
        }
        catch (Exception error)
        {
            Logger.LogError(error, "The system page could not be read");
            _error = "The host metrics could not be read from the database; try again in a moment.";
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task<MetricQueryResult?> QueryAsync(string metric, MetricAggregation aggregation, string[] groupBy, DateTimeOffset from, DateTimeOffset to,
        CancellationToken token)
    {
        try
        {
            return await Store.QueryAsync(new MetricQuery
            {
                Selector = new MetricSelector { Name = metric, Host = _host },
                From = from, To = to, Aggregation = aggregation, GroupBy = groupBy,
            }, token);
        }
        catch (MetricQueryException error)
        {
            Logger.LogWarning("System chart {Metric}: {Reason}", metric, error.Message);
            return null;
        }
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _load.Cancel();
        _load.Dispose();
    }
}

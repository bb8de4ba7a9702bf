using Microsoft.JSInterop;

namespace AiLogger.Web.Components.Charts;

/// <summary>
/// The one wrapper around the <c>apexcharts</c> npm package (DESIGN §9): typed series in, a chart out. Renders
/// again only when <see cref="Series"/> or the theme change; <see cref="Extra"/> is merged into the options for
/// the rare chart that needs more.
/// </summary>
public partial class ApexChart
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private object? _renderedSeries;
    private bool? _renderedDark;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public ApexChartType Type { get; set; }

    /// <summary>Series for axis charts; for pie and donut, one series whose points are the slices.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    [Parameter] public bool TimeAxis { get; set; }

    [Parameter] public bool Stacked { get; set; }

    [Parameter] public int Height { get; set; } = 280;

    [Parameter] public string? YTitle { get; set; }

    [Parameter] public string? AriaLabel { get; set; }

    /// <summary>ApexCharts options merged last (anonymous object, camelCase as ApexCharts names them).</summary>
    [Parameter] public object? Extra { get; set; }

    [CascadingParameter(Name = "DarkMode")] public bool DarkMode { get; set; }

    /// <summary>On a time axis: dragging across the chart selects a range (and raises <see cref="OnRangeSelected"/>).</summary>
    [Parameter] public bool Selectable { get; set; }

    [Parameter] public EventCallback<(DateTimeOffset From, DateTimeOffset To)> OnRangeSelected { get; set; }

    /// <summary>A click on a point (series index, point index); set it and points are clickable.</summary>
    [Parameter] public EventCallback<(int Series, int Point)> OnPointSelected { get; set; }

    private DotNetObjectReference<ApexChart>? _self;

    [JSInvokable]
    public Task PointSelected(int series, int point) => OnPointSelected.InvokeAsync((series, point));

    [JSInvokable]
    public Task RangeSelected(double fromMilliseconds, double toMilliseconds) => OnRangeSelected.InvokeAsync((
        DateTimeOffset.FromUnixTimeMilliseconds((long)fromMilliseconds), DateTimeOffset.FromUnixTimeMilliseconds((long)toMilliseconds)));

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Charts/ApexChart.razor.js");
        if (_module is null || (ReferenceEquals(_renderedSeries, Series) && _renderedDark == DarkMode)) return;
        _renderedSeries = Series;
        _renderedDark = DarkMode;
        _self ??= DotNetObjectReference.Create(this);
        await _module.InvokeVoidAsync("render", _element, Config(), Selectable || OnPointSelected.HasDelegate ? _self : null);
    }

    private object Config()
    {
        var pie = Type is ApexChartType.Pie or ApexChartType.Donut;
        return new
        {
            type = Type.ToString().ToLowerInvariant(),
            height = Height,
            stacked = Stacked,
            timeAxis = TimeAxis,
            dark = DarkMode,
            yTitle = YTitle ?? string.Empty,
            selectable = Selectable,
            clickable = OnPointSelected.HasDelegate,
            series = pie
                ? (object)(Series.FirstOrDefault()?.Data.Select(p => p.Y ?? 0).ToArray() ?? [])
                : Series.Select(s => s.Type is { } type
                    ? (object)new { name = s.Name, type = type.ToString().ToLowerInvariant(), data = Points(s) }
                    : new { name = s.Name, data = Points(s) }).ToArray(),
            labels = pie ? Series.FirstOrDefault()?.Data.Select(p => p.X.ToString()).ToArray() ?? [] : [],
            colors = pie ? [] : Series.Where(s => s.Color is not null).Count() == Series.Count ? Series.Select(s => s.Color!).ToArray() : [],
            extra = Extra ?? new { },
        };
    }

    private static object[] Points(ChartSeries series) => series.Data.Select(p => (object)new { x = p.X, y = p.Y }).ToArray();

    public async ValueTask DisposeAsync()
    {
        _self?.Dispose();
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("destroy", _element);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; so is the chart.
        }
    }
}

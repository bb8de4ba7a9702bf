using AiLogger.Domain.ModelMonitoring;
using AiLogger.Web.Api;
using AiLogger.Web.Components.Charts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiLogger.Web.Features.Models;

/// <summary>
/// One model: headline figures against the previous period, daily series, per class, confusion, the reference and
/// drift — all for the window in the URL. Figures come from the daily counts the metrics job stores, so reading a
/// window is a small query however many predictions it covers.
/// </summary>
public partial class ModelPage
{
    private MonitoredModel? _model;
    private ModelMetrics? _metrics, _previous;
    private IReadOnlyList<DailyModelMetrics>? _daily;
    private ModelReference? _reference;
    private IReadOnlyList<FeatureDrift>? _drift;
    private string _driftWindow = "7 days";
    private ModelView _view = new();
    private ModelView? _loadedView;
    private (DateTimeOffset From, DateTimeOffset To) _window;
    private bool _loading = true, _recomputing;
    private DateRange? _customRange;
    private MudDateRangePicker? _picker;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private IReadOnlyList<ChartSeries> _metricSeries = [], _samplesSeries = [], _classSeries = [], _confusionSeries = [], _referenceSeries = [];
    private readonly Dictionary<string, IReadOnlyList<ChartSeries>> _driftSeries = new();

    [Parameter] public string Name { get; set; } = string.Empty;

    [Inject] private IModelCatalog Catalog { get; set; } = default!;
    [Inject] private IModelMetrics Metrics { get; set; } = default!;
    [Inject] private IModelJobs Jobs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    private int TabIndex
    {
        get => Math.Max(0, ModelView.Tabs.ToList().IndexOf(_view.Tab));
        set
        {
            var tab = ModelView.Tabs[Math.Clamp(value, 0, ModelView.Tabs.Count - 1)];
            if (tab == _view.Tab) return;
            _view = _view with { Tab = tab };
            _loadedView = _loadedView is null ? null : _loadedView with { Tab = tab };
            Navigation.NavigateTo(_view.ToUrl(Name), replace: true);
        }
    }

    protected override void OnInitialized() => Catalog.Changed += OnChanged;

    protected override async Task OnParametersSetAsync()
    {
        _view = ModelView.Parse(Navigation.Uri);
        _customRange = _view.Range == "custom" && _view.From is { } f && _view.To is { } t
            ? new DateRange(f.ToDateTime(TimeOnly.MinValue), t.ToDateTime(TimeOnly.MinValue))
            : null;
        _breadcrumbs = [new BreadcrumbItem("Models", Routes.ModelsPage), new BreadcrumbItem(Name, href: null, disabled: true)];
        if (_loadedView is not null && _loadedView with { Tab = _view.Tab } == _view && _model?.Name == Name) return;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        var cancel = CancellationToken.None;
        _model = await Catalog.FindAsync(Name, cancel);
        if (_model is null)
        {
            _loading = false;
            return;
        }
        _window = _view.Window(Now);
        var previous = _view.PreviousWindow(Now);
        _metrics = await Metrics.GetMetricsAsync(_model.Name, _window.From, _window.To, cancel);
        _previous = await Metrics.GetMetricsAsync(_model.Name, previous.From, previous.To, cancel);
        _daily = await Metrics.GetDailyAsync(_model.Name, _window.From, _window.To, cancel) ?? [];
        _reference = await Catalog.GetReferenceAsync(_model.Name, cancel);
        _drift = await Metrics.GetDriftAsync(_model.Name, cancel) ?? [];
        if (_drift.Count > 0)
        {
            var span = _drift[0].CurrentTo - _drift[0].CurrentFrom;
            _driftWindow = span.TotalDays >= 1 ? $"{span.TotalDays:0.#} days" : $"{span.TotalHours:0.#} hours";
        }
        BuildSeries();
        _loadedView = _view;
        _loading = false;
    }

    private void BuildSeries()
    {
        static DateTimeOffset Day(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var daily = _daily ?? [];
        _metricSeries =
        [
            new ChartSeries("Accuracy", daily.Select(d => ChartPoint.At(Day(d.Day), ModelFormat.Chart(d.Accuracy))).ToList()),
            new ChartSeries("Precision (macro)", daily.Select(d => ChartPoint.At(Day(d.Day), ModelFormat.Chart(d.Precision?.Macro))).ToList()),
            new ChartSeries("Recall (macro)", daily.Select(d => ChartPoint.At(Day(d.Day), ModelFormat.Chart(d.Recall?.Macro))).ToList()),
            new ChartSeries("F1 (macro)", daily.Select(d => ChartPoint.At(Day(d.Day), ModelFormat.Chart(d.F1?.Macro))).ToList()),
            new ChartSeries("Estimated accuracy", daily.Select(d => ChartPoint.At(Day(d.Day), ModelFormat.Chart(d.EstimatedAccuracy))).ToList()),
        ];
        var perClass = _metrics?.PerClass ?? [];
        _samplesSeries = [new ChartSeries("Validated samples", perClass.Select(c => new ChartPoint(c.Class, c.Support)).ToList())];
        _classSeries =
        [
            new ChartSeries("Precision", perClass.Select(c => new ChartPoint(c.Class, ModelFormat.Chart(c.Precision))).ToList()),
            new ChartSeries("Recall", perClass.Select(c => new ChartPoint(c.Class, ModelFormat.Chart(c.Recall))).ToList()),
            new ChartSeries("F1", perClass.Select(c => new ChartPoint(c.Class, ModelFormat.Chart(c.F1))).ToList()),
        ];
        // ApexCharts draws heat-map rows bottom-up: reversed, the first class is the top row.
        var confusion = _metrics?.Confusion;
        _confusionSeries = confusion is null ? [] : confusion.Labels.Reverse()
            .Select(actual => new ChartSeries(actual, confusion.Labels.Select(predicted => new ChartPoint(predicted, confusion.Count(actual, predicted))).ToList()))
            .ToList();
        _referenceSeries = _reference is null ? [] : [new ChartSeries("Items", _reference.ClassCounts.Select(c => new ChartPoint(c.Key, c.Value)).ToList())];
        _driftSeries.Clear();
    }

    private IReadOnlyList<ChartSeries> DriftSeries(FeatureDrift feature)
    {
        var key = feature.Result.Feature;
        if (_driftSeries.TryGetValue(key, out var series)) return series;
        series =
        [
            new ChartSeries("Reference", feature.Distribution.Select(b => new ChartPoint(b.Label, ModelFormat.Chart(b.ReferenceShare))).ToList(), "#8c93a8"),
            new ChartSeries("Current", feature.Distribution.Select(b => new ChartPoint(b.Label, ModelFormat.Chart(b.CurrentShare))).ToList(), feature.Result.Drifted ? "#d32f2f" : "#3f51b5"),
        ];
        _driftSeries[key] = series;
        return series;
    }

    private void Go(ModelView view) => Navigation.NavigateTo(view.ToUrl(Name));

    private void CustomRangeChanged(DateRange? range)
    {
        _customRange = range;
        if (range?.Start is { } start && range.End is { } end)
            Go(_view with { Range = "custom", From = DateOnly.FromDateTime(start), To = DateOnly.FromDateTime(end) });
    }

    private string ExportUrl(string table) =>
        $"{Routes.Models}/{Uri.EscapeDataString(Name)}/export/{table}?from={Uri.EscapeDataString(_window.From.ToString("O"))}&to={Uri.EscapeDataString(_window.To.ToString("O"))}";

    private static string? Delta(long current, long? previous) =>
        previous is { } p ? $"{(current - p >= 0 ? "+" : "")}{current - p:N0} on the period before" : null;

    private async Task UploadAsync(ModelUploadKind kind)
    {
        var dialog = await Dialogs.ShowAsync<ModelUploadDialog>(kind == ModelUploadKind.Predictions ? "Upload predictions" : "Upload validations",
            new DialogParameters<ModelUploadDialog> { { d => d.Model, _model! }, { d => d.Kind, kind } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false }) await RecomputeAsync();
    }

    private async Task RecomputeAsync()
    {
        _recomputing = true;
        StateHasChanged();
        try
        {
            var result = await Jobs.RecomputeAsync(Name, CancellationToken.None);
            Snackbar.Add($"Metrics of {result.Days} day(s) computed in {result.MetricsDuration.TotalSeconds:0.0} s; drift in {result.DriftDuration.TotalSeconds:0.0} s.", Severity.Success);
            await LoadAsync();
        }
        catch (UnknownModelException error)
        {
            Snackbar.Add(error.Message, Severity.Error);
        }
        finally
        {
            _recomputing = false;
        }
    }

    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        if (_recomputing || _loading) return;
        await LoadAsync();
        StateHasChanged();
    });

    private static readonly object MetricChartOptions = new
    {
        yaxis = new { min = 0, max = 100 },
        stroke = new { width = new[] { 3, 2, 2, 2, 2 }, dashArray = new[] { 0, 0, 0, 0, 6 } },
        markers = new { size = 3 },
        tooltip = new { x = new { format = "dd MMM yyyy" } },
    };

    private static readonly object ClassChartOptions = new
    {
        yaxis = new { min = 0, max = 100 },
        plotOptions = new { bar = new { columnWidth = "70%" } },
        dataLabels = new { enabled = false },
    };

    private static readonly object ConfusionChartOptions = new
    {
        dataLabels = new { enabled = true },
        plotOptions = new { heatmap = new { shadeIntensity = 0.6, radius = 2, useFillColorAsStroke = false } },
        colors = new[] { "#3f51b5" },
        xaxis = new { title = new { text = "predicted" } },
        yaxis = new { title = new { text = "true class" } },
        legend = new { show = false },
    };

    public void Dispose() => Catalog.Changed -= OnChanged;
}

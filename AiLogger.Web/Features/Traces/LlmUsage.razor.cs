using System.Globalization;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using AiLogger.Web.Components.Charts;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;


namespace AiLogger.Web.Features.Traces;

/// <summary>
/// GenAI calls over a range: tokens per model per day, a table per model, the traces with the most tokens. Costs
/// come from the price table (<see cref="IPriceTableSource"/>): a model without a price shows "–".
/// </summary>
public partial class LlmUsage : IDisposable
{
    private static readonly string[] Palette = ["#5b8def", "#f2994a", "#27ae60", "#9b51e0", "#eb5757", "#2d9cdb", "#f2c94c", "#6fcf97", "#bb6bd9", "#828282"];
    private const int ChartModels = 9;

    private CancellationTokenSource _load = new();
    private LlmUsageView _view = new();
    private LlmUsageReport? _usage;
    private IReadOnlyList<ChartSeries> _chart = [];
    private string _service = string.Empty;
    private bool _loading;
    private string? _error;
    private LogQuerySyntaxException? _queryError;
    private PriceTable? _prices;

    [Inject] private ITraceStatistics Statistics { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private IPriceTableSource Prices { get; set; } = default!;
    [Inject] private ILogger<LlmUsage> Logger { get; set; } = default!;

    private string Origin => Navigation.BaseUri.TrimEnd('/');

    protected override async Task OnInitializedAsync()
    {
        _prices = await Prices.GetAsync(CancellationToken.None);
        Navigation.LocationChanged += OnLocationChanged;
        await ShowAsync(LlmUsageView.FromUri(Navigation.Uri));
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(LlmUsageView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(LlmUsageView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void Go(LlmUsageView view) => Navigation.NavigateTo(view.ToUri());

    private void Search(string query) => Go(_view with { Query = query, Service = _service.Trim() });

    private void OnServiceKey(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") Go(_view with { Service = _service.Trim() });
    }

    private async Task ShowAsync(LlmUsageView view)
    {
        _view = view;
        _service = view.Service;
        _error = null;
        _queryError = null;
        await _load.CancelAsync();
        _load.Dispose();
        _load = new CancellationTokenSource();
        TraceQuery query;
        try
        {
            query = TraceQuery.Parse(view.Query);
        }
        catch (LogQuerySyntaxException error)
        {
            _queryError = error;
            _usage = null;
            return;
        }

        _loading = true;
        try
        {
            var (from, to) = view.Window(Clock.GetUtcNow());
            var usage = await Statistics.GetLlmUsageAsync(new LlmUsageRequest { From = from, To = to, Service = view.Service, Query = query }, _load.Token);
            _chart = Chart(usage);
            _usage = usage;
        }
        catch (QueryTooExpensiveException)
        {
            _usage = null;
            _error = "These figures took longer than the query time budget. Choose a shorter range, a service, or a narrower trace query.";
        }
        catch (OperationCanceledException)
        {
            // A newer view replaced this one.
        }
        catch (Exception error)
        {
            Logger.LogError(error, "LLM usage could not be read");
            _usage = null;
            _error = "The LLM usage could not be read from the database; try again in a moment.";
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>Stacked tokens per day, one series per model (the smallest together as "other"), every day of the range present.</summary>
    private static IReadOnlyList<ChartSeries> Chart(LlmUsageReport usage)
    {
        if (usage.IsEmpty) return [];
        var first = DateOnly.FromDateTime(usage.From.UtcDateTime);
        var last = DateOnly.FromDateTime(usage.To.UtcDateTime);
        var days = new List<DateOnly>();
        for (var d = first; d <= last; d = d.AddDays(1)) days.Add(d);
        var shown = usage.Models.OrderByDescending(m => m.TotalTokens).Take(ChartModels).Select(m => m.Model).ToHashSet();
        var series = new List<ChartSeries>();
        foreach (var group in usage.Daily.GroupBy(d => shown.Contains(d.Model) ? ModelName(d.Model) : "other"))
        {
            var tokens = group.GroupBy(d => d.Day).ToDictionary(g => g.Key, g => g.Sum(d => d.InputTokens + d.OutputTokens));
            series.Add(new ChartSeries(group.Key, days.Select(d => ChartPoint.At(Midnight(d), tokens.GetValueOrDefault(d))).ToList()));
        }
        series = series.OrderBy(s => s.Name == "other").ThenByDescending(s => s.Data.Sum(p => p.Y ?? 0)).ToList();
        return series.Select((s, i) => s with { Color = Palette[i % Palette.Length] }).ToList();
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    internal static string ModelName(string? model) => string.IsNullOrEmpty(model) ? "(no model)" : model;

    /// <summary>A model's cost over the range, priced day by day (prices change); null without a price for every day.</summary>
    private decimal? ModelCost(LlmModelUsage model)
    {
        if (_prices is null || _usage is null) return null;
        decimal total = 0;
        foreach (var day in _usage.Daily.Where(d => d.Model == model.Model))
        {
            if (_prices.CostOf(day.Model, Midnight(day.Day), day.InputTokens, day.OutputTokens, 0, null) is not { } cost) return null;
            total += cost;
        }
        return total;
    }

    /// <summary>A trace's cost: each model's tokens priced at the trace's start.</summary>
    private decimal? TraceCost(LlmTraceUsage trace)
    {
        if (_prices is null) return null;
        decimal total = 0;
        foreach (var model in trace.Models)
        {
            if (_prices.CostOf(model.Model, trace.StartTime, model.InputTokens, model.OutputTokens, 0, null) is not { } cost) return null;
            total += cost;
        }
        return total;
    }

    private static string Cost(decimal? cost) => LlmFormat.Cost(cost);

    private static string Ms(double? ms) => ms is { } v ? TraceFormat.Duration(v) : "–";

    private static string Percent(double rate) => rate.ToString("0.#%", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _load.Cancel();
        _load.Dispose();
    }
}

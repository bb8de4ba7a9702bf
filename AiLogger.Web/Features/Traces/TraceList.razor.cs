using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Storage;
using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using AiLogger.Web.Components.Charts;
using AiLogger.Web.Features.Logs;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.JSInterop;

namespace AiLogger.Web.Features.Traces;

/// <summary>
/// <c>/traces</c>: the trace query, a duration-over-time scatter of the newest traces, a service facet and the
/// virtualised list (keyset pages as the user scrolls). While the range ends now, committed spans mark the page stale
/// and a timer re-queries the first page at most twice a second, so a burst of traffic costs a bounded number of renders.
/// </summary>
public partial class TraceList
{
    private const int PageSize = 100;
    internal const int ChartPoints = 500;
    internal const int FacetSample = 10_000;
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FacetInterval = TimeSpan.FromSeconds(5);
    // Redrawing 500 points costs the browser far more than a list render: live, the chart follows every 2 s.
    private static readonly TimeSpan ChartInterval = TimeSpan.FromSeconds(2);

    internal static readonly IReadOnlyList<(string Example, string Meaning)> TraceSyntax =
    [
        ("checkout", "a word in a span's name"),
        ("service:checkout", "a span of that service; * is a wildcard"),
        ("status:error", "a failed span (ok, unset)"),
        ("duration>2s  duration<=50ms", "a span's duration"),
        ("kind:server", "server, client, internal, producer, consumer"),
        ("http.route:/api/*  gen_ai.request.model:gpt-4o*", "any span attribute"),
        ("has:gen_ai  has:exception", "an LLM call; an exception"),
        ("-service:health  a OR b  ( … )", "exclude, either, grouping"),
    ];

    private TracesView _view = new();
    private TracesView? _searched;
    private TraceQuery _query = TraceQuery.All;
    private LogQuerySyntaxException? _error;
    private (DateTimeOffset From, DateTimeOffset To) _window;
    private readonly List<TraceSummary> _traces = [];
    private TraceCursor? _next;
    private bool _hasMore, _loaded, _live = true;
    private string? _loadError;
    private IReadOnlyList<ValueCount> _services = [];
    private IReadOnlyList<ChartSeries> _chart = [];
    private List<TraceSummary> _okPoints = [], _errorPoints = [];
    private double _slowestMs;
    private QueryHistory _history = default!;
    private Virtualize<TraceSummary>? _virtualize;
    private CancellationTokenSource _search = new();
    private readonly SemaphoreSlim _paging = new(1, 1);
    private IDisposable? _feed;
    private int _stale;
    private PeriodicTimer? _timer;
    private DateTimeOffset _facetsAt, _chartAt;
    private PriceTable? _prices;

    [Inject] private ITraceStore Store { get; set; } = default!;
    [Inject] private ITraceFeed Feed { get; set; } = default!;
    [Inject] private IPriceTableSource Prices { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<TraceList> Logger { get; set; } = default!;

    private string CompareLink => _view.Selected.Count == 2
        ? $"{Api.Routes.TracesPage}/compare?a={_view.Selected[0]}&b={_view.Selected[1]}"
        : "";

    protected override async Task OnInitializedAsync()
    {
        _history = new QueryHistory(JS, "ailogger-trace-query-history");
        Navigation.LocationChanged += OnLocationChanged;
        Time.Changed += OnTimeChanged;
        _prices = await Prices.GetAsync(CancellationToken.None);
        _feed = Feed.Subscribe(_ => Interlocked.Exchange(ref _stale, 1));
        _timer = new PeriodicTimer(LiveInterval);
        _ = RefreshLoopAsync(_timer);
        await ShowAsync(TracesView.FromUri(Navigation.Uri));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        if (await _history.LoadAsync()) StateHasChanged();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(TracesView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(TracesView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void OnTimeChanged() => _ = InvokeAsync(StateHasChanged);

    private async Task ShowAsync(TracesView view)
    {
        _view = view;
        if (_searched is not null && _searched.Query == view.Query && _searched.Time == view.Time) return; // only the ticks changed
        _searched = view;
        await RunSearchAsync();
    }

    private async Task RunSearchAsync()
    {
        await _search.CancelAsync();
        _search.Dispose();
        _search = new CancellationTokenSource();
        var token = _search.Token;

        _traces.Clear();
        _next = null;
        _hasMore = false;
        _loaded = false;
        _loadError = null;
        _chart = [];
        _okPoints = [];
        _errorPoints = [];
        _slowestMs = 0;
        try
        {
            _query = TraceQuery.Parse(_view.Query);
            _error = null;
        }
        catch (LogQuerySyntaxException error)
        {
            _error = error;
            _services = [];
            if (_virtualize is not null) await _virtualize.RefreshDataAsync();
            return;
        }
        _window = _view.Time.Window(Clock.GetUtcNow());
        _hasMore = true;
        if (_virtualize is not null) await _virtualize.RefreshDataAsync();
        _ = LoadFacetsAsync(token);
    }

    private async Task LoadFacetsAsync(CancellationToken token)
    {
        _facetsAt = Clock.GetUtcNow();
        try
        {
            _services = await Store.CountServicesAsync(new TraceSearchRequest { Query = _query, From = _window.From, To = _window.To }, FacetSample, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (QueryTooExpensiveException)
        {
            _services = [];
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Service counts for '{Query}' failed", _view.Query);
            _services = [];
        }
        await InvokeAsync(StateHasChanged);
    }

    private async ValueTask<ItemsProviderResult<TraceSummary>> ProvideAsync(ItemsProviderRequest request)
    {
        var token = _search.Token;
        await _paging.WaitAsync(request.CancellationToken);
        var grew = false;
        try
        {
            while (_hasMore && _error is null && request.StartIndex + request.Count > _traces.Count && !token.IsCancellationRequested)
            {
                var page = await Store.SearchAsync(new TraceSearchRequest
                {
                    Query = _query, From = _window.From, To = _window.To, Limit = PageSize, Before = _next,
                }, token);
                if (token.IsCancellationRequested) break;
                _traces.AddRange(page.Traces);
                _next = page.Next;
                _hasMore = page.Next is not null;
                grew = true;
            }
        }
        catch (OperationCanceledException)
        {
            // A newer search replaced this one.
        }
        catch (QueryTooExpensiveException error)
        {
            _loadError = error.Message;
            _hasMore = false;
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Trace search '{Query}' failed", _view.Query);
            _loadError = "The trace search failed. Check that the database is reachable (/healthz) and try again.";
            _hasMore = false;
        }
        finally
        {
            _paging.Release();
        }
        if (grew || !_loaded)
        {
            _loaded = true;
            BuildChart();
            _ = InvokeAsync(StateHasChanged);
        }
        var items = _traces.Skip(request.StartIndex).Take(request.Count).ToList();
        return new ItemsProviderResult<TraceSummary>(items, _traces.Count + (_hasMore ? PageSize : 0));
    }

    /// <summary>Re-reads the newest page when spans arrived and the range ends now; the rest reloads as the user scrolls.</summary>
    private async Task RefreshLoopAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                if (!_live || _view.Time.IsAbsolute || _error is not null || Interlocked.Exchange(ref _stale, 0) == 0) continue;
                await InvokeAsync(RefreshAsync);
            }
        }
        catch (ObjectDisposedException)
        {
            // The page closed.
        }
    }

    private async Task RefreshAsync()
    {
        var token = _search.Token;
        _window = _view.Time.Window(Clock.GetUtcNow());
        await _paging.WaitAsync(token);
        try
        {
            var page = await Store.SearchAsync(new TraceSearchRequest { Query = _query, From = _window.From, To = _window.To, Limit = PageSize }, token);
            if (token.IsCancellationRequested) return;
            _traces.Clear();
            _traces.AddRange(page.Traces);
            _next = page.Next;
            _hasMore = page.Next is not null;
            _loadError = null;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception error) when (error is QueryTooExpensiveException or StorageUnavailableException)
        {
            Logger.LogWarning(error, "Live trace refresh failed");
            return;
        }
        finally
        {
            _paging.Release();
        }
        if (Clock.GetUtcNow() - _chartAt > ChartInterval) BuildChart();
        if (Clock.GetUtcNow() - _facetsAt > FacetInterval) _ = LoadFacetsAsync(token);
        if (_virtualize is not null) await _virtualize.RefreshDataAsync();
        StateHasChanged();
    }

    private void BuildChart()
    {
        _chartAt = Clock.GetUtcNow();
        var shown = _traces.Take(ChartPoints).ToList();
        _slowestMs = _traces.Count == 0 ? 0 : _traces.Max(t => t.DurationMs);
        _okPoints = shown.Where(t => t.ErrorCount == 0).ToList();
        _errorPoints = shown.Where(t => t.ErrorCount > 0).ToList();
        _chart = shown.Count == 0 ? [] :
        [
            new ChartSeries("Traces", _okPoints.Select(Point).ToList(), "#4e79a7"),
            new ChartSeries("With errors", _errorPoints.Select(Point).ToList(), TraceFormat.ErrorColor),
        ];
        static ChartPoint Point(TraceSummary t) => ChartPoint.At(t.StartTime, Math.Round(t.DurationMs, 3));
    }

    private void SetLive(bool live)
    {
        _live = live;
        if (live) Interlocked.Exchange(ref _stale, 1);
    }

    private Task OpenPointAsync((int Series, int Point) point)
    {
        var list = point.Series == 0 ? _okPoints : _errorPoints;
        if (point.Point >= 0 && point.Point < list.Count) Navigation.NavigateTo(TraceView.PathOf(list[point.Point].TraceId));
        return Task.CompletedTask;
    }

    private double BarWidth(TraceSummary t) => _slowestMs <= 0 ? 0 : Math.Max(1, Math.Round(100 * t.DurationMs / _slowestMs, 1));

    /// <summary>Tokens, and the cost when the trace used one model (the summary keeps no split per model; the trace page prices each call).</summary>
    private string LlmText(TraceSummary t)
    {
        var tokens = t.InputTokens + t.OutputTokens;
        if (tokens == 0 && t.Models.Count == 0) return "–";
        var cost = t.Models.Count == 1 ? _prices?.CostOf(t.Models[0], t.StartTime, t.InputTokens, t.OutputTokens, 0, null) : null;
        return cost is { } c ? $"{TraceFormat.Tokens(tokens)} · {LlmFormat.Cost(c)}" : $"{TraceFormat.Tokens(tokens)} tok";
    }

    private Task NavigateAsync(TracesView view)
    {
        Navigation.NavigateTo(view.ToUri());
        return Task.CompletedTask;
    }

    private async Task SearchAsync(string text)
    {
        if (!string.IsNullOrWhiteSpace(text)) await RememberAsync(text.Trim());
        var view = _view with { Query = text.Trim() };
        if (view == _view) await RunSearchAsync();
        else await NavigateAsync(view);
    }

    private Task AddTermAsync(string term) => SearchAsync(QueryText.And(_view.Query, term));

    private Task ZoomAsync((DateTimeOffset From, DateTimeOffset To) range) =>
        range.To - range.From < TimeSpan.FromMilliseconds(10) ? Task.CompletedTask : NavigateAsync(_view with { Time = new TimeRange(From: range.From, To: range.To) });

    private Task ToggleAsync(string traceId, bool ticked)
    {
        var selected = _view.Selected.Where(id => id != traceId).ToList();
        if (ticked && selected.Count < 2) selected.Add(traceId);
        Navigation.NavigateTo((_view with { Selected = selected }).ToUri(), replace: true);
        return Task.CompletedTask;
    }

    private Task RememberAsync(string text) => _history.RememberAsync(text);

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Time.Changed -= OnTimeChanged;
        _feed?.Dispose();
        _timer?.Dispose();
        _search.Cancel();
        _search.Dispose();
        _paging.Dispose();
        _history.Dispose();
    }
}

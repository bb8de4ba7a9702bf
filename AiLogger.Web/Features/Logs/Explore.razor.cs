using System.Security.Claims;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Components;
using AiLogger.Web.Components.Charts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web.Virtualization;
using Microsoft.JSInterop;
using MudBlazor;

namespace AiLogger.Web.Features.Logs;

/// <summary>
/// Explore: query, time range, facets, histogram, the newest-first list and the event drawer; all state in the URL.
/// The list is virtualised and loads pages (keyset cursors) as the user scrolls.
/// </summary>
public partial class Explore
{
    private const int PageSize = 200;

    private LogsView _view = new();
    private LogsView? _searched;
    private LogQuery _query = LogQuery.All;
    private LogQuerySyntaxException? _error;
    private (DateTimeOffset From, DateTimeOffset To) _window;
    private readonly List<LogEvent> _events = [];
    private LogCursor? _next;
    private bool _hasMore, _loaded, _relative;
    private long? _total;
    private IReadOnlyList<ValueCount> _levels = [], _sources = [];
    private IReadOnlyList<ChartSeries> _histogram = [];
    private LogEvent? _selected;
    private string? _loadError;
    private QueryHistory _history = default!;
    private Virtualize<LogEvent>? _virtualize;
    private CancellationTokenSource _search = new();
    private readonly SemaphoreSlim _paging = new(1, 1);

    [Inject] private ILogSearch Search { get; set; } = default!;
    [Inject] private ILogAggregator Aggregator { get; set; } = default!;
    [Inject] private ISavedSearchStore SavedSearches { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<Explore> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _history = new QueryHistory(JS, "ailogger-query-history");
        Navigation.LocationChanged += OnLocationChanged;
        Time.Changed += OnTimeChanged;
        await ShowAsync(LogsView.FromUri(Navigation.Uri));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        if (await _history.LoadAsync()) StateHasChanged();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(LogsView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(LogsView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void OnTimeChanged() => _ = InvokeAsync(StateHasChanged);

    /// <summary>Brings the page to <paramref name="view"/>: a new search when the query or range changed, else only the drawer.</summary>
    private async Task ShowAsync(LogsView view)
    {
        _view = view;
        if (_searched is null || _searched with { EventId = null } != view with { EventId = null })
        {
            _searched = view;
            await RunSearchAsync();
        }
        await ShowSelectedAsync();
    }

    private async Task RunSearchAsync()
    {
        await _search.CancelAsync();
        _search.Dispose();
        _search = new CancellationTokenSource();
        var token = _search.Token;

        _events.Clear();
        _next = null;
        _hasMore = false;
        _loaded = false;
        _total = null;
        _loadError = null;
        try
        {
            _query = LogQuery.Parse(_view.Query);
            _error = null;
        }
        catch (LogQuerySyntaxException error)
        {
            _error = error;
            _levels = _sources = [];
            _histogram = [];
            _total = 0;
            if (_virtualize is not null) await _virtualize.RefreshDataAsync();
            return;
        }

        _window = _view.Window(Clock.GetUtcNow());
        _hasMore = true;
        if (_virtualize is not null) await _virtualize.RefreshDataAsync();
        _ = LoadAggregatesAsync(token);
    }

    private async Task LoadAggregatesAsync(CancellationToken token)
    {
        try
        {
            var aggregate = await Aggregator.AggregateAsync(new LogAggregateRequest
            {
                Query = _query,
                From = _window.From,
                To = _window.To,
                Interval = HistogramIntervals.For(_window.To - _window.From, 90),
                Top = ["level", "source"],
            }, token);
            if (token.IsCancellationRequested) return;
            _total = aggregate.Total;
            _levels = LogLevels.All.Reverse().Select(l => aggregate.Top["level"].FirstOrDefault(v => v.Value == l.Name()))
                .OfType<ValueCount>().ToList();
            _sources = aggregate.Top["source"];
            _histogram = LogLevels.All
                .Where(level => aggregate.Histogram.Any(b => b.Counts[level] > 0))
                .Select(level => new ChartSeries(level.Name(), aggregate.Histogram.Select(b => ChartPoint.At(b.Start, b.Counts[level])).ToList(), LevelColors.Of(level)))
                .ToList();
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (QueryTooExpensiveException error)
        {
            _loadError = "The counts for this search were stopped: " + error.Message;
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Aggregates for '{Query}' failed", _view.Query);
            _loadError = "The counts for this search could not be computed. The list below is still right; try a shorter range.";
        }
        await InvokeAsync(StateHasChanged);
    }

    /// <summary>The virtualised list asks for rows; pages are fetched (newest first) until they cover the request.</summary>
    private async ValueTask<ItemsProviderResult<LogEvent>> ProvideAsync(ItemsProviderRequest request)
    {
        var token = _search.Token;
        await _paging.WaitAsync(request.CancellationToken);
        try
        {
            while (_hasMore && _error is null && request.StartIndex + request.Count > _events.Count && !token.IsCancellationRequested)
            {
                var page = await Search.SearchAsync(new LogSearchRequest
                {
                    Query = _query, From = _window.From, To = _window.To, Limit = PageSize, Before = _next,
                }, token);
                if (token.IsCancellationRequested) break;
                _events.AddRange(page.Events);
                _next = page.Next;
                _hasMore = page.Next is not null;
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
            Logger.LogError(error, "Search '{Query}' failed", _view.Query);
            _loadError = "The search failed. Check that the database is reachable (/healthz) and try again.";
            _hasMore = false;
        }
        finally
        {
            _paging.Release();
        }
        if (!_loaded)
        {
            _loaded = true;
            _ = InvokeAsync(StateHasChanged);
        }
        var items = _events.Skip(request.StartIndex).Take(request.Count).ToList();
        // While more pages exist the list claims one more page, so scrolling reaches it and asks.
        return new ItemsProviderResult<LogEvent>(items, _events.Count + (_hasMore ? PageSize : 0));
    }

    private async Task ShowSelectedAsync()
    {
        if (_view.EventId is not { } id)
        {
            _selected = null;
            return;
        }
        _selected = _events.FirstOrDefault(e => e.Id == id) ?? await Search.GetAsync(id, CancellationToken.None);
        if (_selected is null) Snackbar.Add($"Event {id} no longer exists (retention may have removed it).", Severity.Warning);
    }

    private Task NavigateAsync(LogsView view)
    {
        Navigation.NavigateTo(view.ToUri());
        return Task.CompletedTask;
    }

    private async Task SearchAsync(string text)
    {
        if (!string.IsNullOrWhiteSpace(text)) await RememberAsync(text.Trim());
        var view = _view with { Query = text.Trim(), EventId = null };
        if (view == _view) await RunSearchAsync(); // the same search again refreshes it
        else await NavigateAsync(view);
    }

    private Task AddTermAsync(string term) => SearchAsync(QueryText.And(_view.Query, term));

    private Task AddTermFromDrawerAsync(string term) => SearchAsync(QueryText.And(_view.Query, term));

    private Task ZoomAsync((DateTimeOffset From, DateTimeOffset To) range) =>
        range.To - range.From < TimeSpan.FromSeconds(1) ? Task.CompletedTask : NavigateAsync(_view with { From = range.From, To = range.To, EventId = null });

    private Task OpenAsync(LogEvent e)
    {
        _selected = e;
        Navigation.NavigateTo((_view with { EventId = e.Id }).ToUri(), replace: true);
        return Task.CompletedTask;
    }

    private Task CloseAsync()
    {
        _selected = null;
        Navigation.NavigateTo((_view with { EventId = null }).ToUri(), replace: true);
        return Task.CompletedTask;
    }

    private Task ShowSurroundingAsync()
    {
        var at = _selected!.Timestamp;
        return NavigateAsync(new LogsView { From = at.AddMinutes(-2), To = at.AddMinutes(2), EventId = _selected.Id });
    }

    private async Task SaveSearchAsync()
    {
        var dialog = await Dialogs.ShowAsync<SaveSearchDialog>("Save search", new DialogParameters<SaveSearchDialog> { { d => d.Query, _view.Query } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: SaveSearchDialog.Choice choice }) return;
        var owner = (await Authentication).User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        await SavedSearches.SaveAsync(new SavedSearch
        {
            OwnerId = owner, Name = choice.Name, Query = _view.Query, Range = _view.IsAbsolute ? null : _view.Range, Shared = choice.Shared,
        }, CancellationToken.None);
        Snackbar.Add($"Saved \"{choice.Name}\"; it is in the sidebar.", Severity.Success);
    }

    private Task RememberAsync(string text) => _history.RememberAsync(text);

    private static string? LevelColor(string level) => LogLevels.TryParse(level, out var l) ? LevelColors.Of(l) : null;

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Time.Changed -= OnTimeChanged;
        _search.Cancel();
        _search.Dispose();
        _paging.Dispose();
        _history.Dispose();
    }
}

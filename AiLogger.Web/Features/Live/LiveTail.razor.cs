using AiLogger.Domain.Live;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;

namespace AiLogger.Web.Features.Live;

/// <summary>
/// Live tail: recent history, then every event as it commits, filtered on the server by the same query language.
/// Arrivals are buffered and rendered at most ten times a second; the list keeps the newest
/// <see cref="MaxRows"/> rows; pausing buffers up to <see cref="MaxPaused"/> events and counts the rest.
/// </summary>
public partial class LiveTail
{
    public const int MaxRows = 10_000;
    public const int MaxPaused = 10_000;
    private const int History = 100;
    private const string AllLevels = "all";
    private const string AllSources = "";
    private static readonly TimeSpan RenderEvery = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private readonly List<LogEvent> _rows = [];
    private List<LogEvent> _arrived = [];
    private readonly List<LogEvent> _pausedBuffer = [];
    private readonly HashSet<string> _sources = new(StringComparer.OrdinalIgnoreCase);
    // Arrivals per second over the last few seconds, in a ring indexed by second.
    private readonly long[] _rateSeconds = new long[6];
    private readonly int[] _rateCounts = new int[6];
    private LiveView _view = new();
    private LogQuerySyntaxException? _error;
    private ILiveSubscription? _subscription;
    private CancellationTokenSource? _reading;
    private CancellationTokenSource _stop = new();
    private bool _paused, _autoScroll = true, _skippedWhilePaused, _trimmed;
    private long _received, _errors, _lost, _missedSeen;
    private double _rate;
    private LogEvent? _selected;
    private ElementReference _container;
    private IJSObjectReference? _module;
    private DotNetObjectReference<LiveTail>? _self;

    [Inject] private ILiveLogFeed Feed { get; set; } = default!;
    [Inject] private ILogSearch Search { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    private string SkippedReason => _skippedWhilePaused
        ? $"the pause buffer holds {MaxPaused:N0}"
        : _trimmed ? $"the list keeps the newest {MaxRows:N0}" : "they arrived faster than this tab could take them";

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        _view = LiveView.FromUri(Navigation.Uri);
        await StartAsync();
        _ = RenderLoopAsync(_stop.Token);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/live.js");
            _self = DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("attach", _container, _self);
        }
        if (_autoScroll && _module is not null) await _module.InvokeVoidAsync("scrollToBottom", _container);
    }

    [JSInvokable]
    public Task SetAutoScroll(bool atBottom)
    {
        if (_autoScroll == atBottom) return Task.CompletedTask;
        _autoScroll = atBottom;
        return InvokeAsync(StateHasChanged);
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(LiveView.Path, StringComparison.OrdinalIgnoreCase)) return;
        var view = LiveView.FromUri(e.Location);
        if (view == _view) return;
        _view = view;
        _ = InvokeAsync(async () =>
        {
            await StartAsync();
            StateHasChanged();
        });
    }

    /// <summary>(Re)subscribes with the current filters, then shows recent history and everything newer, once each.</summary>
    private async Task StartAsync()
    {
        _reading?.Cancel();
        _subscription?.Dispose();
        _subscription = null;
        LogQuery query;
        try
        {
            query = LogQuery.Parse(_view.EffectiveQuery);
            _error = null;
        }
        catch (LogQuerySyntaxException error)
        {
            _error = error;
            return;
        }

        // Subscribe first: anything committed while history loads arrives through the feed and is deduplicated by id.
        var subscription = Feed.Subscribe(query, capacity: MaxRows * 2);
        _subscription = subscription;
        _missedSeen = 0;
        var history = await Search.SearchAsync(new LogSearchRequest { Query = query, Limit = History }, _stop.Token);
        lock (_gate)
        {
            _rows.Clear();
            _arrived = [];
            _pausedBuffer.Clear();
            _rows.AddRange(history.Events.Reverse());
            foreach (var e in _rows) if (e.Source is { } s) _sources.Add(s);
        }
        var shownUpTo = history.Events.Count > 0 ? history.Events.Max(e => e.Id) : 0;
        _reading = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _ = ReadAsync(subscription, shownUpTo, _reading.Token);
    }

    private async Task ReadAsync(ILiveSubscription subscription, long shownUpTo, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (e.Id <= shownUpTo) continue;
                lock (_gate)
                {
                    _received++;
                    if (e.Level >= LogLevel.Error) _errors++;
                    CountForRate();
                    if (!_paused) _arrived.Add(e);
                    else if (_pausedBuffer.Count < MaxPaused) _pausedBuffer.Add(e);
                    else
                    {
                        _lost++;
                        _skippedWhilePaused = true;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Filters changed or the page closed.
        }
    }

    /// <summary>At most ten renders a second, whatever the arrival rate.</summary>
    private async Task RenderLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenderEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                bool changed;
                lock (_gate)
                {
                    var arrived = _arrived;
                    _arrived = [];
                    changed = arrived.Count > 0;
                    if (changed) Append(arrived);
                    if (_subscription is { } s && s.Missed > _missedSeen)
                    {
                        _lost += s.Missed - _missedSeen;
                        _missedSeen = s.Missed;
                        changed = true;
                    }
                    var rate = Rate();
                    changed |= Math.Abs(rate - _rate) > 0.05;
                    _rate = rate;
                }
                if (changed) await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
    }

    private void Append(List<LogEvent> events)
    {
        _rows.AddRange(events);
        foreach (var e in events) if (e.Source is { } s && _sources.Count < 500) _sources.Add(s);
        if (_rows.Count <= MaxRows) return;
        var excess = _rows.Count - MaxRows;
        _rows.RemoveRange(0, excess);
        if (!_autoScroll) return;
        // Rows scrolled off the top are kept on the Logs page; say so once the cap starts to bite.
        _trimmed = true;
    }

    private void CountForRate()
    {
        var second = Clock.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(second % _rateSeconds.Length);
        if (_rateSeconds[slot] != second)
        {
            _rateSeconds[slot] = second;
            _rateCounts[slot] = 0;
        }
        _rateCounts[slot]++;
    }

    /// <summary>Events per second over the last five complete seconds.</summary>
    private double Rate()
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var sum = 0;
        for (var i = 0; i < _rateSeconds.Length; i++)
            if (_rateSeconds[i] < now && _rateSeconds[i] >= now - 5) sum += _rateCounts[i];
        return sum / 5.0;
    }

    private async Task TogglePauseAsync()
    {
        lock (_gate)
        {
            _paused = !_paused;
            if (!_paused)
            {
                // Resume: everything buffered while paused goes in, in order.
                _arrived.InsertRange(0, _pausedBuffer);
                _pausedBuffer.Clear();
            }
        }
        if (!_paused) await JumpToLatestAsync();
    }

    private void Clear()
    {
        lock (_gate)
        {
            _rows.Clear();
            _arrived.Clear();
            _pausedBuffer.Clear();
            _received = _errors = _lost = 0;
            _skippedWhilePaused = _trimmed = false;
            Array.Clear(_rateSeconds);
            Array.Clear(_rateCounts);
        }
    }

    private async Task JumpToLatestAsync()
    {
        _autoScroll = true;
        if (_module is not null) await _module.InvokeVoidAsync("scrollToBottom", _container);
    }

    private Task NavigateAsync(LiveView view)
    {
        Navigation.NavigateTo(view.ToUri());
        return Task.CompletedTask;
    }

    private Task SetLevelAsync(string value) =>
        NavigateAsync(_view with { MinimumLevel = LogLevels.TryParse(value, out var level) ? level : null });

    private Task SetSourceAsync(string value) => NavigateAsync(_view with { Source = string.IsNullOrEmpty(value) ? null : value });

    public async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        await _stop.CancelAsync();
        _subscription?.Dispose();
        _reading?.Dispose();
        _stop.Dispose();
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("detach", _container);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone.
        }
        _self?.Dispose();
    }
}

using System.Text;
using System.Text.Json;
using AiLogger.Domain.Logs;
using AiLogger.Domain.Logs.Query;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Ingest.Otlp;
using AiLogger.Web.Components;
using AiLogger.Web.Features.Logs;
using Microsoft.AspNetCore.Components.Routing;

namespace AiLogger.Web.Features.Traces;

/// <summary>
/// <c>/traces/{id}</c>: one trace as a waterfall (with its critical path), a span table, statistics, its logs and its
/// OTLP JSON; find-in-trace highlights or hides spans; the span open in the side panel, the tab and the find text are
/// in the URL.
/// </summary>
public partial class TracePage
{
    private const int MaxJsonShown = 256 * 1024;

    private string? _id;
    private TraceView _view = new() { TraceId = "" };
    private TraceDetail? _detail;
    private TraceTree? _tree;
    private TraceNode? _root, _selected;
    private IReadOnlyList<string> _services = [];
    private IReadOnlyList<SpanStatistics> _statistics = [];
    private List<LogEvent> _logs = [];
    private Dictionary<string, SpanLlm> _llm = new(StringComparer.Ordinal);
    private Dictionary<string, List<LogEvent>> _logsBySpan = new(StringComparer.Ordinal);
    private int _errors;
    private long _inputTokens, _outputTokens;
    private decimal? _cost;
    private string? _problem;
    private string _findText = string.Empty;
    private string? _findError;
    private HashSet<string>? _matches;
    private Waterfall? _waterfall;
    private bool _compareOpen;
    private string? _other;
    private string? _json;

    [Parameter] public string TraceId { get; set; } = string.Empty;

    [Inject] private ITraceStore Store { get; set; } = default!;
    [Inject] private IPriceTableSource Prices { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private ILogger<TracePage> Logger { get; set; } = default!;

    private string Title => $"{_root?.Span.Service} {_root?.Span.Name}".Trim() is { Length: > 0 } title ? title : "Trace";

    private string LogsOfTrace => new LogsView { Query = $"trace:{_id}" }.WithTime(LogsRange()).ToUri();

    private int TabIndex => Math.Max(0, TraceView.Tabs.ToList().IndexOf(_view.Tab));

    private IEnumerable<TraceNode> TableRows => _tree is null ? [] : _matches is not null && _view.Hide ? _tree.Nodes.Where(n => _matches.Contains(n.Span.SpanId)) : _tree.Nodes;

    private string Json => _json ??= BuildJson();

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override async Task OnParametersSetAsync()
    {
        var id = TraceIds.Normalize(TraceId.Trim(), 32);
        _view = TraceView.FromUri(id ?? TraceId, Navigation.Uri);
        if (id is null)
        {
            _problem = $"'{(TraceId.Length > 40 ? TraceId[..40] + "…" : TraceId)}' is not a trace id: a trace id is 32 hex characters.";
            _id = null;
            return;
        }
        if (id != _id)
        {
            _id = id;
            await LoadAsync();
        }
        ApplyView();
    }

    private async Task LoadAsync()
    {
        _problem = null;
        _detail = null;
        _tree = null;
        _json = null;
        try
        {
            _detail = await Store.GetAsync(_id!, CancellationToken.None);
        }
        catch (Exception error)
        {
            Logger.LogError(error, "Reading trace {TraceId} failed", _id);
            _problem = "The trace could not be read. Check that the database is reachable (/healthz) and try again.";
            return;
        }
        if (_detail is null)
        {
            _problem = $"No span or log event has trace id {_id}. Retention may have removed it, or its spans have not arrived yet.";
            return;
        }
        _tree = TraceTree.Build(_detail.Spans);
        _root = _tree.Roots.FirstOrDefault(r => r.Span.ParentSpanId is null) ?? _tree.Roots.FirstOrDefault();
        _services = _tree.Nodes.Select(n => n.Span.Service).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        _statistics = SpanStatistics.Of(_tree);
        _errors = _tree.Nodes.Count(n => n.Span.Status == SpanStatus.Error);
        _logs = _detail.Logs.ToList();
        await ReadLlmCallsAsync();
        _logsBySpan = _detail.Logs.Where(l => l.SpanId is not null).GroupBy(l => l.SpanId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _findText = string.Empty;
    }

    /// <summary>Brings find, the side panel and the tab in line with the URL.</summary>
    private void ApplyView()
    {
        if (_tree is null) return;
        if (_view.Find != _findText || (_matches is null && _view.Find.Length > 0)) RunFind(_view.Find);
        var selected = _view.SpanId is { } spanId ? _tree.Find(spanId) : null;
        if (selected is not null && selected != _selected) _waterfall?.Reveal(selected.Span.SpanId);
        _selected = selected;
    }

    private void RunFind(string text)
    {
        _findText = text;
        _findError = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            _matches = null;
            return;
        }
        try
        {
            var query = TraceQuery.Parse(text);
            _matches = _tree!.Nodes.Where(n => SpanMatcher.Matches(query, n.Span, wordsAnywhere: true)).Select(n => n.Span.SpanId).ToHashSet(StringComparer.Ordinal);
        }
        catch (LogQuerySyntaxException error)
        {
            _findError = error.Message;
            _matches = null;
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (_id is null || !new Uri(e.Location).AbsolutePath.Equals(TraceView.PathOf(_id), StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(() =>
        {
            _view = TraceView.FromUri(_id, e.Location);
            ApplyView();
            StateHasChanged();
        });
    }

    private void Replace(TraceView view) => Navigation.NavigateTo(view.ToUri(), replace: true);

    private Task SelectAsync(string spanId)
    {
        _selected = _tree?.Find(spanId);
        Replace(_view with { SpanId = spanId });
        return Task.CompletedTask;
    }

    private Task CloseAsync()
    {
        _selected = null;
        Replace(_view with { SpanId = null });
        return Task.CompletedTask;
    }

    private Task FindAsync(string? text)
    {
        RunFind(text ?? string.Empty);
        Replace(_view with { Find = (text ?? string.Empty).Trim(), Hide = _view.Hide && !string.IsNullOrWhiteSpace(text) });
        return Task.CompletedTask;
    }

    private Task AddFindTermAsync(string term) => FindAsync(QueryText.And(_findText, term));

    private Task HideAsync(bool hide)
    {
        Replace(_view with { Hide = hide });
        return Task.CompletedTask;
    }

    private Task TabAsync(int index)
    {
        Replace(_view with { Tab = TraceView.Tabs[Math.Clamp(index, 0, TraceView.Tabs.Count - 1)] });
        return Task.CompletedTask;
    }

    private Task CompareAsync()
    {
        var other = TraceIds.Normalize(_other?.Trim(), 32);
        if (other is null)
        {
            _other = _other?.Trim();
            return Task.CompletedTask;
        }
        Navigation.NavigateTo($"{Api.Routes.TracesPage}/compare?a={_id}&b={other}");
        return Task.CompletedTask;
    }

    private List<LogEvent> LogsOf(string spanId) => _logsBySpan.TryGetValue(spanId, out var logs) ? logs : [];

    private string SpanName(string? spanId) => spanId is not null && _tree?.Find(spanId) is { } node ? node.Span.Name : "";

    /// <summary>A log line in <c>/logs</c>: its span's events around it, the line open.</summary>
    private string LogLink(LogEvent log) => new LogsView
    {
        Query = log.SpanId is { } span ? $"span:{span}" : $"trace:{log.TraceId}",
        From = log.Timestamp.AddMinutes(-5),
        To = log.Timestamp.AddMinutes(5),
        EventId = log.Id,
    }.ToUri();

    private TimeRange LogsRange()
    {
        if (_tree is null || _tree.Nodes.Count == 0) return new TimeRange("7d");
        var start = SpanTime.FromUnixNano(_tree.StartUnixNano).AddMinutes(-5);
        var end = SpanTime.FromUnixNano(_tree.EndUnixNano).AddMinutes(5);
        if (_detail!.Logs.Count > 0)
        {
            start = new[] { start, _detail.Logs[0].Timestamp.AddMinutes(-1) }.Min();
            end = new[] { end, _detail.Logs[^1].Timestamp.AddMinutes(1) }.Max();
        }
        return new TimeRange(From: start, To: end);
    }

    /// <summary>The LLM lens: every GenAI or OpenInference span's call and cost; the trace's tokens and cost are their sums.</summary>
    private async Task ReadLlmCallsAsync()
    {
        var prices = await Prices.GetAsync(CancellationToken.None);
        _llm = new Dictionary<string, SpanLlm>(StringComparer.Ordinal);
        foreach (var node in _tree!.Nodes)
            if (LlmCall.From(node.Span) is { IsModelCall: true } call)
                _llm[node.Span.SpanId] = new SpanLlm(call, prices.CostOf(call, node.Span.StartTime));
        _inputTokens = _llm.Values.Sum(l => l.Call.InputTokens ?? 0);
        _outputTokens = _llm.Values.Sum(l => l.Call.OutputTokens ?? 0);
        _cost = _llm.Values.Any(l => l.Cost is not null) ? _llm.Values.Sum(l => l.Cost ?? 0) : null;
    }

    private RenderFragment? ConversationOf(Span span) => (_llm.TryGetValue(span.SpanId, out var read) ? read.Call : LlmCall.From(span)) is { } call
        ? builder =>
        {
            builder.OpenComponent<LlmConversation>(0);
            builder.AddComponentParameter(1, nameof(LlmConversation.Call), call);
            builder.AddComponentParameter(2, nameof(LlmConversation.Cost), _llm.TryGetValue(span.SpanId, out var known) ? known.Cost : null);
            builder.CloseComponent();
        }
        : null;

    private string BuildJson()
    {
        if (_detail is null || _detail.FromLogs) return string.Empty;
        var bytes = OtlpJsonExport.Write(_detail.Spans);
        using var document = JsonDocument.Parse(bytes);
        var pretty = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        return pretty.Length <= MaxJsonShown ? pretty : pretty[..MaxJsonShown] + "\n… (cut here: download the file for the whole trace)";
    }

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}

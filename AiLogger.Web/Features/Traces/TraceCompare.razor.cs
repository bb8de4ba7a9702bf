using System.Globalization;
using AiLogger.Domain.Traces;
using AiLogger.Web.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace AiLogger.Web.Features.Traces;

/// <summary>
/// Two traces side by side (Jaeger's trace diff): each one's header, and the spans of both merged by path, with the
/// time each path took in A and in B. The pair lives in the URL (<see cref="TraceCompareView"/>).
/// </summary>
public partial class TraceCompare : IDisposable
{
    /// <summary>Rows rendered at most; past that the page says how many it left out (collapse subtrees to see them).</summary>
    public const int MaxRows = 1000;

    private readonly CancellationTokenSource _stop = new();
    private TraceCompareView _view = new();
    private string _inputA = string.Empty, _inputB = string.Empty;
    private bool _loading;
    private readonly List<string> _errors = [];
    private TraceSide? _a, _b;
    private TraceDiffTree? _tree;
    private readonly HashSet<int> _collapsed = [];
    private List<TraceDiffNode> _rows = [];
    private int _hiddenRows;

    [Inject] private ITraceStore Store { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private BrowserTime Time { get; set; } = default!;
    [Inject] private ILogger<TraceCompare> Logger { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        await ShowAsync(TraceCompareView.FromUri(Navigation.Uri));
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (!new Uri(e.Location).AbsolutePath.Equals(TraceCompareView.Path, StringComparison.OrdinalIgnoreCase)) return;
        _ = InvokeAsync(async () =>
        {
            await ShowAsync(TraceCompareView.FromUri(e.Location));
            StateHasChanged();
        });
    }

    private void Compare() => Navigation.NavigateTo(new TraceCompareView { A = _inputA, B = _inputB }.ToUri());

    private void Swap() => Navigation.NavigateTo(new TraceCompareView { A = _view.B, B = _view.A }.ToUri());

    private void OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter") Compare();
    }

    private async Task ShowAsync(TraceCompareView view)
    {
        _view = view;
        _inputA = view.A;
        _inputB = view.B;
        _errors.Clear();
        _a = _b = null;
        _tree = null;
        _collapsed.Clear();
        _rows = [];
        if (view.IsEmpty) return;

        _loading = true;
        try
        {
            var a = await LoadAsync("A", view.A);
            var b = await LoadAsync("B", view.B);
            if (a is null || b is null) return;
            _a = a;
            _b = b;
            _tree = TraceDiff.Compare(a.Detail.Spans, b.Detail.Spans);
            Flatten();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Logger.LogError(error, "Traces {A} and {B} could not be compared", view.A, view.B);
            _errors.Add("The traces could not be read from the database; try again in a moment.");
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>One side, or null with the reason added to the errors (naming the side and the id).</summary>
    private async Task<TraceSide?> LoadAsync(string label, string text)
    {
        if (text.Length == 0)
        {
            _errors.Add($"Trace {label}: no trace id given. Paste one, or tick two traces on the traces page.");
            return null;
        }
        var id = TraceIds.Normalize(text, 32);
        if (id is null || !TraceIds.IsTraceId(id))
        {
            _errors.Add($"Trace {label}: '{Shorten(text)}' is not a trace id (32 hexadecimal characters, not all zero).");
            return null;
        }
        var detail = await Store.GetAsync(id, _stop.Token);
        if (detail is null || detail.Spans.Count == 0)
        {
            _errors.Add($"Trace {label}: {id} was not found. It may not have arrived yet, or retention removed it.");
            return null;
        }
        return TraceSide.Of(label, detail);
    }

    private void Toggle(TraceDiffNode node)
    {
        if (!_collapsed.Remove(node.Id)) _collapsed.Add(node.Id);
        Flatten();
    }

    private void ExpandAll()
    {
        _collapsed.Clear();
        Flatten();
    }

    private void CollapseAll()
    {
        _collapsed.Clear();
        if (_tree is not null) foreach (var node in _tree.PreOrder()) if (node.Children.Count > 0) _collapsed.Add(node.Id);
        Flatten();
    }

    private void Flatten()
    {
        _rows = [];
        _hiddenRows = 0;
        if (_tree is null) return;
        foreach (var node in _tree.PreOrder(n => !_collapsed.Contains(n.Id)))
        {
            if (_rows.Count < MaxRows) _rows.Add(node);
            else _hiddenRows++;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string FormatMs(double ms) => TraceFormat.Duration(ms);

    /// <summary>B − A: slower in red, faster in green; under a microsecond counts as no difference.</summary>
    private static string DifferenceClass(double ms) => ms > 0.001 ? "slower" : ms < -0.001 ? "faster" : "same";

    private static string Difference(double ms) => DifferenceClass(ms) switch
    {
        "slower" => "+" + FormatMs(ms),
        "faster" => "−" + FormatMs(-ms),
        _ => "±0",
    };

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>What the header of one side shows.</summary>
    private sealed record TraceSide(string Label, TraceDetail Detail, string? RootService, string RootName, DateTimeOffset Start, double DurationMs, int Spans, int Errors)
    {
        public static TraceSide Of(string label, TraceDetail detail)
        {
            var spans = detail.Spans;
            var ids = new HashSet<string>(spans.Select(s => s.SpanId), StringComparer.Ordinal);
            var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano) ?? spans.MinBy(s => s.StartUnixNano)!;
            var start = spans.Min(s => s.StartUnixNano);
            var end = spans.Max(s => s.EndUnixNano);
            return new TraceSide(label, detail, root.Service, root.Name, SpanTime.FromUnixNano(start), Math.Max(0, end - start) / 1_000_000.0,
                spans.Count, spans.Count(s => s.Status == SpanStatus.Error));
        }
    }
}

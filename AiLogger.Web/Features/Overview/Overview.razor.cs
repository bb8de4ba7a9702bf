using AiLogger.Domain.Logs;
using AiLogger.Domain.Traces;
using AiLogger.Web.Api;
using AiLogger.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using AiLogger.Web.Components;
using AiLogger.Web.Components.Charts;

namespace AiLogger.Web.Features.Overview;

public partial class Overview : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    /// <summary>The error traces of the last hour, as the trace list shows them.</summary>
    internal const string ErrorTracesHref = Routes.TracesPage + "?q=status:error&range=1h";

    private LogOverview? _overview;
    private TraceOverview? _traces;
    private bool _canSeeLlmUsage;
    private IReadOnlyList<ChartSeries> _hourly = [];
    private string _baseUrl = string.Empty;
    private string? _error;

    [Inject] private ILogStatistics Statistics { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<Overview> Logger { get; set; } = default!;
    [Inject] private ITraceStatistics TraceStatistics { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _baseUrl = Navigation.BaseUri.TrimEnd('/');
        if (Authentication is not null)
            _canSeeLlmUsage = (await Authorization.AuthorizeAsync((await Authentication).User, Policies.Analyst)).Succeeded;
        await RefreshAsync();
        _ = RefreshPeriodicallyAsync();
    }

    private async Task RefreshPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(RefreshEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await RefreshAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            var overview = await Statistics.GetOverviewAsync(_stop.Token);
            _hourly = LogLevels.All
                .Where(level => overview.LastDay.Any(b => b.Counts[level] > 0))
                .Select(level => new ChartSeries(level.Name(),
                    overview.LastDay.Select(b => ChartPoint.At(b.Start, b.Counts[level])).ToList(), LevelColors.Of(level)))
                .ToList();
            _overview = overview;
            _error = null;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Logger.LogError(error, "Overview figures could not be read");
            _error = "The figures could not be read from the database. Check that the database file is reachable (see /healthz); this page retries every few seconds.";
            return;
        }
        try
        {
            _traces = await TraceStatistics.GetOverviewAsync(_stop.Token);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The log figures stand on their own; the trace cards stay as last read.
            Logger.LogError(error, "Trace figures for the overview could not be read");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}

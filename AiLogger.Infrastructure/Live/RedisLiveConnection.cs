using AiLogger.Domain.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiLogger.Infrastructure.Live;

/// <summary>
/// The connection to Redis that carries live fan-out (<c>ConnectionStrings:Redis</c>). Never waited on by ingestion:
/// it connects in the background, reconnects by itself (StackExchange.Redis restores the subscriptions), and reports
/// itself paused to the live views while Redis is unreachable.
/// </summary>
internal sealed class RedisLiveConnection : ILiveFanOutStatus, IHostedService, IAsyncDisposable
{
    public const string ConnectionStringName = "Redis";
    public const string EventsChannel = "ailogger:live:events";
    public const string SpansChannel = "ailogger:live:spans";
    public const string AlertsChannel = "ailogger:live:alerts";

    private static readonly TimeSpan StatusEvery = TimeSpan.FromMilliseconds(500);
    private readonly ConfigurationOptions _options;
    private readonly ILogger<RedisLiveConnection> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<ConnectionMultiplexer> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _watch;
    private volatile string? _reason;
    private int _disposed;

    public RedisLiveConnection(string configuration, ILogger<RedisLiveConnection> logger)
    {
        _logger = logger;
        _options = Options(configuration);
        _reason = $"Live updates from other nodes are paused: connecting to Redis at {Endpoints}.";
    }

    /// <summary>The settings the fan-out and the SignalR backplane share: fail fast, never queue commands while disconnected.</summary>
    public static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1_000);
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 3_000);
        options.KeepAlive = 5;
        options.ClientName ??= "ailogger";
        return options;
    }

    public string Endpoints => string.Join(", ", _options.EndPoints.Select(e => e.ToString()));

    /// <summary>Completes once the first connection attempt has been made (connected or not; it keeps trying).</summary>
    public Task<ConnectionMultiplexer> Multiplexer => _connected.Task;

    public bool Paused => _reason is not null;

    public string? Reason => _reason;

    public event Action? Changed;

    /// <summary>Set by the receiver once it listens on every channel: until then other nodes' items cannot arrive.</summary>
    internal volatile bool Listening;

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully && _connected.Task.Result.IsConnected;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _watch = Task.Run(WatchAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WatchAsync()
    {
        try
        {
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(_options);
            _connected.TrySetResult(multiplexer);
            using var timer = new PeriodicTimer(StatusEvery);
            do
            {
                Update(multiplexer.IsConnected && Listening);
            } while (await timer.WaitForNextTickAsync(_stopping.Token));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // A configuration StackExchange.Redis cannot use at all: live views say so; ingestion goes on.
            _logger.LogError(error, "Redis live fan-out could not start");
            _reason = $"Live updates from other nodes are off: {error.Message}";
            _connected.TrySetException(error);
            Changed?.Invoke();
        }
    }

    private void Update(bool connected)
    {
        var was = _reason;
        _reason = connected ? null : $"Live updates from other nodes are paused: Redis at {Endpoints} is unreachable.";
        if ((was is null) == (_reason is null)) return;
        if (connected) _logger.LogInformation("Redis live fan-out connected to {Endpoints}", Endpoints);
        else _logger.LogWarning("Redis live fan-out lost {Endpoints}; live views show other nodes' items again once it is back", Endpoints);
        try
        {
            Changed?.Invoke();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "A live status subscriber failed");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_watch is not null) await _watch.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        // Reached through each service it is registered as.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        // A connection attempt still under way (at most ConnectTimeout) would leave a multiplexer nobody disposes.
        if (_watch is not null) await _watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connected.Task.IsCompletedSuccessfully) await _connected.Task.Result.DisposeAsync();
        // _stopping is not disposed: StopAsync may still come after this. The host's StopAsync can run twice at once
        // (WebApplicationFactory stops the host while the entry point's RunAsync, woken by that stop, stops it too and
        // then disposes the container), so one call reaches StopAsync after the other has disposed this. A source
        // without a timer or links holds nothing that needs disposing.
    }
}

using AiLogger.Domain.Alerts;
using AiLogger.Domain.Live;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Traces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Live;

public static class LiveFanOut
{
    /// <summary>
    /// The live feeds (events, spans, in-app alert notifications). With <c>ConnectionStrings:Redis</c> they also reach
    /// and hear the other nodes through Redis; without it, this node alone.
    /// </summary>
    public static IServiceCollection AddLiveFanOut(this IServiceCollection services)
    {
        services.AddSingleton<InProcessLiveLogFeed>();
        services.AddSingleton<ILiveLogFeed>(provider => provider.GetRequiredService<InProcessLiveLogFeed>());
        services.AddSingleton<CommittedSpans>();
        services.AddSingleton<ITraceFeed>(provider => provider.GetRequiredService<CommittedSpans>());
        services.AddSingleton<AlertNotificationFeed>();
        services.AddSingleton<IAlertNotificationFeed>(provider => provider.GetRequiredService<AlertNotificationFeed>());

        // Decided when first resolved, from the app's final configuration (a test host adds its settings after this runs).
        services.AddSingleton<SingleNodeLive>();
        services.AddSingleton(provider => RedisConfiguration(provider.GetRequiredService<IConfiguration>()) is { } redis
            ? new RedisLiveConnection(redis, provider.GetRequiredService<ILogger<RedisLiveConnection>>())
            : null!);
        services.AddSingleton<RedisLiveRelay>();
        services.AddSingleton<RedisLiveReceiver>();
        services.AddSingleton<ILiveRelay>(provider => IsOn(provider) ? provider.GetRequiredService<RedisLiveRelay>() : provider.GetRequiredService<SingleNodeLive>());
        services.AddSingleton<ILiveFanOutStatus>(provider =>
            IsOn(provider) ? provider.GetRequiredService<RedisLiveConnection>() : provider.GetRequiredService<SingleNodeLive>());
        services.AddHostedService<RedisLiveHost>();
        return services;
    }

    private static bool IsOn(IServiceProvider provider) => RedisConfiguration(provider.GetRequiredService<IConfiguration>()) is not null;

    /// <summary>Starts and stops the Redis connection, the publisher and the receiver, when Redis is configured.</summary>
    private sealed class RedisLiveHost(IServiceProvider provider) : IHostedService
    {
        private IHostedService[] _parts = [];

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!IsOn(provider)) return;
            _parts =
            [
                provider.GetRequiredService<RedisLiveConnection>(),
                provider.GetRequiredService<RedisLiveRelay>(),
                provider.GetRequiredService<RedisLiveReceiver>(),
            ];
            foreach (var part in _parts) await part.StartAsync(cancellationToken);
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            foreach (var part in _parts.Reverse()) await part.StopAsync(cancellationToken);
        }
    }

    /// <summary>How every Redis client of AI-Logger connects: never abort at start-up, never queue commands while disconnected.</summary>
    public static StackExchange.Redis.ConfigurationOptions RedisOptions(string configuration) => RedisLiveConnection.Options(configuration);

    /// <summary><c>ConnectionStrings:Redis</c>, when set: StackExchange.Redis's configuration text (<c>host:port,password=…</c>).</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration.GetConnectionString(RedisLiveConnection.ConnectionStringName) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}

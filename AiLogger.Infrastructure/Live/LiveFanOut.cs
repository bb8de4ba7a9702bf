using AiLogger.Domain.Alerts;
using AiLogger.Domain.Live;
using AiLogger.Domain.Traces;
using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Traces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Live;

public static class LiveFanOut
{
    /// <summary>
    /// The live feeds (events, spans, in-app alert notifications). With <c>ConnectionStrings:Redis</c> they also reach
    /// and hear the other nodes through Redis; without it, this node alone.
    /// </summary>
    public static IServiceCollection AddLiveFanOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InProcessLiveLogFeed>();
        services.AddSingleton<ILiveLogFeed>(provider => provider.GetRequiredService<InProcessLiveLogFeed>());
        services.AddSingleton<CommittedSpans>();
        services.AddSingleton<ITraceFeed>(provider => provider.GetRequiredService<CommittedSpans>());
        services.AddSingleton<AlertNotificationFeed>();
        services.AddSingleton<IAlertNotificationFeed>(provider => provider.GetRequiredService<AlertNotificationFeed>());

        if (RedisConfiguration(configuration) is not { } redis)
        {
            services.AddSingleton<SingleNodeLive>();
            services.AddSingleton<ILiveRelay>(provider => provider.GetRequiredService<SingleNodeLive>());
            services.AddSingleton<ILiveFanOutStatus>(provider => provider.GetRequiredService<SingleNodeLive>());
            return services;
        }
        services.AddSingleton(provider => new RedisLiveConnection(redis, provider.GetRequiredService<ILogger<RedisLiveConnection>>()));
        services.AddSingleton<ILiveFanOutStatus>(provider => provider.GetRequiredService<RedisLiveConnection>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisLiveConnection>());
        services.AddSingleton<RedisLiveRelay>();
        services.AddSingleton<ILiveRelay>(provider => provider.GetRequiredService<RedisLiveRelay>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisLiveRelay>());
        services.AddHostedService<RedisLiveReceiver>();
        return services;
    }

    /// <summary>How every Redis client of AI-Logger connects: never abort at start-up, never queue commands while disconnected.</summary>
    public static StackExchange.Redis.ConfigurationOptions RedisOptions(string configuration) => RedisLiveConnection.Options(configuration);

    /// <summary><c>ConnectionStrings:Redis</c>, when set: StackExchange.Redis's configuration text (<c>host:port,password=…</c>).</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration.GetConnectionString(RedisLiveConnection.ConnectionStringName) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}

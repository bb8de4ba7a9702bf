using System.Globalization;
using System.Threading.RateLimiting;
using AiLogger.Web.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AiLogger.Web.Security;

/// <summary>
/// ASP.NET Core's rate limiter in front of the sign-in and setup forms (per client address) and of every route an API
/// key opens (per key, a token bucket): a flood gets 429 with <c>Retry-After</c> instead of the server's time.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddAiLoggerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart()
            .Validate(o => o.SignInPerMinute >= 0 && o.KeyRequestsPerSecond >= 0 && o.KeyBurst >= 0,
                $"{RateLimitOptions.Section}: SignInPerMinute, KeyRequestsPerSecond and KeyBurst are 0 (no limit) or more.");
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var l = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, l));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        var request = context.Request;
        if (limits.SignInPerMinute > 0 && HttpMethods.IsPost(request.Method)
            && (request.Path.Equals(Routes.Login, StringComparison.OrdinalIgnoreCase) || request.Path.Equals(Routes.Setup, StringComparison.OrdinalIgnoreCase)))
            return RateLimitPartition.GetFixedWindowLimiter("sign-in:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            });
        if (limits.KeyRequestsPerSecond > 0 && context.Features.Get<ApiKeyFeature>() is { } key)
            return RateLimitPartition.GetTokenBucketLimiter("key:" + key.Key.Id.ToString(CultureInfo.InvariantCulture), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(limits.KeyBurst, limits.KeyRequestsPerSecond),
                TokensPerPeriod = limits.KeyRequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        return RateLimitPartition.GetNoLimiter(string.Empty);
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (http.Features.Get<ApiKeyFeature>() is { } key)
        {
            await ApiErrors.WriteAsync(http, StatusCodes.Status429TooManyRequests,
                $"The API key '{key.Key.Name}' sent more than {RateLimitOptionsOf(http).KeyRequestsPerSecond} requests a second; retry after {seconds} s (AiLogger:RateLimits).");
            return;
        }
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"Too many sign-in attempts from your address. Try again in {seconds} seconds.", cancellationToken);
    }

    private static RateLimitOptions RateLimitOptionsOf(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
}

using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Logs;
using AiLogger.Web.Api;
using AiLogger.Web.Components;
using AiLogger.Web.Security;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Serilog;

namespace AiLogger.Web;

/// <summary>Builds the whole application, so Program.cs, tests and the bench start the same thing.</summary>
public static class AiLoggerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(AiLoggerApp).Assembly.GetName().Name,
        });
        // The one appsettings.json lives at the repository root and is copied beside the binaries; read it
        // from there first so the app finds it whatever the working folder.
        var besideBinaries = new JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        };
        besideBinaries.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, besideBinaries);

        // Serve packaged assets (MudBlazor, the Blazor script) from a build output in every environment,
        // not only Development; a published app has them in wwwroot and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        configure?.Invoke(builder);
        ConfigureServices(builder);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.Host.UseSerilog((context, provider, logger) => logger
            .ReadFrom.Configuration(context.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture));

        services.AddAiLoggerInfrastructure(builder.Configuration);

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new LogEventJsonConverter());
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        });

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Ingest, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(Scopes.ClaimType, Scopes.Ingest))
            .AddPolicy(Scopes.Read, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(Scopes.ClaimType, Scopes.Read))
            .AddPolicy(Scopes.Admin, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(Scopes.ClaimType, Scopes.Admin));

        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        services.AddHangfireServer(options => options.WorkerCount = 2);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        // Pages get the "not found" page; API answers always carry a body, so this never touches them.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthEndpoints();
        app.MapIngestEndpoints();
        app.MapLogEndpoints();
        app.MapApiKeyEndpoints();
        app.MapFallback("/api/{**path}", (HttpContext http) => ApiErrors.Result(http, 404, $"No API route {http.Request.Method} {http.Request.Path}; see docs/api.md."));
        app.MapFallback("/ingest/{**path}", (HttpContext http) => ApiErrors.Result(http, 404, $"No API route {http.Request.Method} {http.Request.Path}; see docs/api.md."));

        // Loopback only until sign-in exists (Hangfire's default filter).
        app.MapHangfireDashboard(Routes.Hangfire, new DashboardOptions
        {
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
            DashboardTitle = "AI-Logger jobs",
            AppPath = "/",
        });
        app.Services.GetRequiredService<IRecurringJobManager>()
            .ScheduleAiLoggerJobs(app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value);

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}

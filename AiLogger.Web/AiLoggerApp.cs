using AiLogger.Infrastructure.Alerts;
using AiLogger.Infrastructure.Imports;
using AiLogger.Infrastructure;
using AiLogger.Infrastructure.Logs;
using AiLogger.Infrastructure.ModelMonitoring;
using AiLogger.Infrastructure.Storage;
using AiLogger.Web.Api;
using AiLogger.Web.Components;
using AiLogger.Web.Security;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.States;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Serilog;

namespace AiLogger.Web;

/// <summary>Builds the whole application, so Program.cs, tests and the bench start the same thing.</summary>
public static class AiLoggerApp
{
    /// <summary>The sign-in cookie's name.</summary>
    public const string AuthCookie = "ailogger.auth";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(AiLoggerApp).Assembly.GetName().Name,
            // The app's own folder (its wwwroot and appsettings.json are there), not the working folder, which in a
            // deployment is the data folder: static files were served as empty answers from wherever it was started.
            ContentRootPath = ExplicitContentRoot(args) ?? AppContext.BaseDirectory,
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
        // It is the lowest layer: every environment variable (ASPNETCORE_URLS included) and argument overrides it. The
        // host's own copy of the same file, read later and so above ASPNETCORE_* variables, is dropped.
        foreach (var duplicate in builder.Configuration.Sources.OfType<JsonConfigurationSource>()
                     .Where(j => string.Equals(j.Path, "appsettings.json", StringComparison.OrdinalIgnoreCase)).ToList())
            builder.Configuration.Sources.Remove(duplicate);
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

    /// <summary><c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c>, when someone chose one.</summary>
    private static string? ExplicitContentRoot(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i].TrimStart('-', '/');
            if (arg.StartsWith("contentRoot=", StringComparison.OrdinalIgnoreCase)) return arg["contentRoot=".Length..];
            if (arg.Equals("contentRoot", StringComparison.OrdinalIgnoreCase) && i + 1 < args.Length) return args[i + 1];
        }
        return Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 } root ? root : null;
    }

    /// <summary>
    /// <c>--restore &lt;file&gt;</c>: restores a backup into the configured database and exits, without starting the server.
    /// Returns null when the arguments ask for no restore.
    /// </summary>
    public static async Task<int?> RestoreIfAskedAsync(string[] args)
    {
        var at = Array.FindIndex(args, a => a is "--restore" or "restore");
        if (at < 0) return null;
        if (at + 1 >= args.Length)
        {
            Console.Error.WriteLine("Usage: AiLogger.Web --restore <backup file> (with the same settings as the server, AI-Logger stopped).");
            return 2;
        }
        var rest = args.Where((_, i) => i != at && i != at + 1).ToArray();
        await using var app = Build(rest);
        try
        {
            Console.WriteLine(await app.Services.GetRequiredService<RestoreCommand>().RunAsync(args[at + 1], CancellationToken.None));
            return 0;
        }
        catch (Domain.Storage.RestoreException error)
        {
            Console.Error.WriteLine($"AI-Logger did not restore: {error.Message}");
            return 1;
        }
    }

    /// <summary>
    /// <c>--migrate-from-sqlite &lt;file&gt;</c>: copies a SQLite store into the configured (empty) PostgreSQL store and
    /// exits. Returns null when the arguments ask for no migration.
    /// </summary>
    public static async Task<int?> MigrateIfAskedAsync(string[] args)
    {
        var at = Array.FindIndex(args, a => a is "--migrate-from-sqlite" or "migrate-from-sqlite");
        if (at < 0) return null;
        if (at + 1 >= args.Length)
        {
            Console.Error.WriteLine("Usage: AiLogger.Web --migrate-from-sqlite <ailogger.db> with AiLogger:Storage:Provider=Postgres and ConnectionStrings:AiLogger naming the new, empty database.");
            return 2;
        }
        var rest = args.Where((_, i) => i != at && i != at + 1).ToArray();
        await using var app = Build(rest);
        var migration = app.Services.GetService<Infrastructure.Storage.StoreMigration>();
        if (migration is null)
        {
            Console.Error.WriteLine("AI-Logger did not migrate: set AiLogger:Storage:Provider=Postgres and ConnectionStrings:AiLogger to the target PostgreSQL database.");
            return 2;
        }
        try
        {
            Console.WriteLine(await migration.RunAsync(Path.GetFullPath(args[at + 1]), Console.Out, CancellationToken.None));
            return 0;
        }
        catch (Infrastructure.Storage.StoreMigrationException error)
        {
            Console.Error.WriteLine($"AI-Logger did not migrate: {error.Message}");
            return 1;
        }
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
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddSingleton<HttpMetrics>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new LogEventJsonConverter());
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
        });

        services.AddOptions<NetworkOptions>().Bind(builder.Configuration.GetSection(NetworkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NetworkOptions>, NetworkOptionsValidator>();
        ConfigureAuthentication(services);
        services.AddAiLoggerRateLimits(builder.Configuration);
        services.AddAiLoggerApiDocumentation();
        services.AddSingleton<OtlpGrpcServer>();
        services.AddHostedService(provider => provider.GetRequiredService<OtlpGrpcServer>());
        services.AddSingleton<SetupToken>();
        services.AddHostedService<SetupTokenAnnouncer>();

        // AddHangfire would take the storage and job activator from process-wide statics (JobStorage.Current,
        // JobActivator.Current), where the last app configured wins: with several apps in one process (tests), a job
        // enqueued by one would run in another's container and database. Each app registers its own: the storage comes
        // with the storage provider (in memory on one node, the shared database on several).
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(provider.GetRequiredService<JobStorage>()));
        services.AddHangfireServer((provider, options) =>
        {
            options.WorkerCount = 2;
            // This machine's queue first (uploads wait on its disk), then the jobs any node may run.
            options.Queues = [provider.GetRequiredService<Infrastructure.ScaleOut.NodeIdentity>().Queue, EnqueuedState.DefaultQueue];
        });

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSignalR().AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new LogEventJsonConverter()));
        // Several nodes: the log hub's messages reach every node's connections through Redis (channels prefixed
        // "ailogger"). Only that hub: Blazor's circuits are sticky to their node and must not stop when Redis does.
        // Decided when first resolved, from the final configuration (a test host adds its settings after this runs).
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (Infrastructure.Live.LiveFanOut.RedisConfiguration(configuration) is not { } redis) return;
            options.Configuration = Infrastructure.Live.LiveFanOut.RedisOptions(redis);
            options.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("ailogger");
        });
        services.AddSingleton<Microsoft.AspNetCore.SignalR.HubLifetimeManager<Hubs.LogHub>>(provider =>
            Infrastructure.Live.LiveFanOut.RedisConfiguration(provider.GetRequiredService<IConfiguration>()) is null
                ? ActivatorUtilities.CreateInstance<Microsoft.AspNetCore.SignalR.DefaultHubLifetimeManager<Hubs.LogHub>>(provider)
                : ActivatorUtilities.CreateInstance<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<Hubs.LogHub>>(provider));
        services.AddAntiforgery(options =>
        {
            options.SuppressXFrameOptionsHeader = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // The sign-in cookie is Secure on HTTPS (as a trusted proxy reports it), or always when configured. (Antiforgery's
        // stays SameAsRequest: with Always it refuses every plain-HTTP request outright.)
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<NetworkOptions>>((options, network) =>
            options.Cookie.SecurePolicy = network.Value.CookiesAlwaysSecure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        // Toasts at the bottom: at the top they covered the pages' own buttons (Refresh, Evaluate now) and, hovered, stayed.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddScoped<BrowserTime>();
        services.AddScoped<Clipboard>();
    }

    /// <summary>Forwarded headers count only from the configured proxies.</summary>
    private static ForwardedHeadersOptions ForwardedHeaders(NetworkOptions network)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                               | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto
                               | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in network.ParseProxies()) options.KnownProxies.Add(proxy);
        foreach (var range in network.ParseNetworks()) options.KnownIPNetworks.Add(range);
        return options;
    }

    private static void ConfigureAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(Policies.ApiScheme, "API key, else the sign-in cookie", options => options.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.FindSecret(context.Request) is null ? IdentityConstants.ApplicationScheme : ApiKeyAuthenticationHandler.SchemeName);

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = AuthCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.LoginPath = Routes.Login;
            options.LogoutPath = Routes.Logout;
            options.AccessDeniedPath = Routes.AccessDenied;
            // The API answers in JSON; only pages redirect to the sign-in form.
            options.Events.OnRedirectToLogin = context => Routes.IsApiRoute(context.Request.Path)
                ? ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ApiKeyAuthenticationHandler.KeyRequiredMessage)
                : Redirect(context);
            options.Events.OnRedirectToAccessDenied = context => Routes.IsApiRoute(context.Request.Path)
                ? ApiErrors.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Your role does not allow this route.")
                : Redirect(context);
            // Every request, not once in a while: a cookie from before a sign-out (or a disabled account, a new role, a
            // reset password) is refused at once, copies of it included.
            options.Events.OnValidatePrincipal = SessionValidator.ValidateAsync;
        });

        Policies.Add(services.AddAuthorizationBuilder());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        // With no known proxy the middleware would believe everyone's forwarded headers, so it runs only with some.
        var network = app.Services.GetRequiredService<IOptions<NetworkOptions>>().Value;
        if (network.KnownProxies.Length + network.KnownNetworks.Length > 0) app.UseForwardedHeaders(ForwardedHeaders(network));
        app.UseExceptionHandler();
        // Pages get the "not found" page; API answers always carry a body, so this never touches them.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

        app.UseHttpMetrics();
        if (network.Hsts) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseBrowserRequestGuard(AuthCookie);
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: an API key is known once its route's policy has authenticated it.
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthEndpoints();
        app.MapIngestEndpoints();
        app.MapOtlpEndpoints();
        app.MapTraceEndpoints();
        app.MapMetricApiEndpoints();
        app.MapLogEndpoints();
        app.MapApiKeyEndpoints();
        app.MapUserEndpoints();
        app.MapMetricsEndpoints();
        app.MapLiveEndpoints();
        app.MapImportEndpoints();
        app.MapModelExportEndpoints();
        app.MapModelEndpoints();
        app.MapTestEndpoints();
        app.MapAlertEndpoints();
        app.MapStorageEndpoints();
        app.MapAiLoggerApiDocumentation();
        app.MapHub<Hubs.LogHub>(Hubs.LogHub.Path);
        app.MapAccountEndpoints();
        foreach (var prefix in new[] { "/api/{**path}", "/ingest/{**path}", "/v1/{**path}" })
            app.MapFallback(prefix, (HttpContext http) => ApiErrors.Result(http, 404, $"No API route {http.Request.Method} {http.Request.Path}; see docs/api.md."))
                .AllowAnonymous();

        // Admins only, by the endpoint's policy (so Hangfire's own filters are emptied).
        app.MapHangfireDashboard(Routes.Hangfire, new DashboardOptions
        {
            Authorization = [],
            DashboardTitle = "AI-Logger jobs",
            AppPath = "/",
        }).RequireAuthorization(Policies.Admin);
        // Once started: the job storage may be the database, which start-up first waits for and prepares.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<IRecurringJobManager>()
            .ScheduleAiLoggerJobs(app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value,
                app.Services.GetRequiredService<IOptions<ImportOptions>>().Value,
                app.Services.GetRequiredService<IOptions<ModelOptions>>().Value,
                app.Services.GetRequiredService<IOptions<AlertOptions>>().Value,
                app.Services.GetRequiredService<IOptions<BackupOptions>>().Value));

        app.MapStaticAssets().AllowAnonymous();
        // SecurityHeaders sends the one CSP (frame-ancestors 'none' included).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
    }
}

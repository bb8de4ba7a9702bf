using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace AiLogger.Tests.Support;

/// <summary>
/// The real app on Kestrel (a loopback port chosen by the OS) over a fresh SQLite file, once per test class.
/// Subclass and override <see cref="Settings"/> for other configuration.
/// </summary>
public class AppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _overrides;

    public AppFixture() : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="overrides">Settings on top of the defaults below (a null value removes one).</param>
    protected AppFixture(IReadOnlyDictionary<string, string?> overrides)
    {
        _overrides = overrides;
        _storage = TestStorage.Settings(DatabasePath, out _postgresDatabase);
    }

    private readonly Dictionary<string, string?> _storage;
    private readonly string? _postgresDatabase;

    /// <summary>Whether this fixture's app runs on PostgreSQL (<c>AILOGGER_TEST_PROVIDER=postgres</c>).</summary>
    public bool IsPostgres => _postgresDatabase is not null;

    /// <summary>The app's storage settings (connection string, provider), for a second process on the same store.</summary>
    public IReadOnlyDictionary<string, string?> StorageSettings => _storage;

    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string AdminEmail = "admin@ailogger.test";
    public const string AdminPassword = "admin-password-123";

    private readonly TempDirectory _directory = new();

    public Uri BaseAddress { get; private set; } = default!;

    public string DatabasePath => _directory.File("ailogger.db");

    protected virtual IDictionary<string, string?> Settings => WithOverrides(new Dictionary<string, string?>(_storage)
    {
        ["AiLogger:Bootstrap:ApiKey"] = AdminKey,
        ["AiLogger:Bootstrap:AdminEmail"] = AdminEmail,
        ["AiLogger:Bootstrap:AdminPassword"] = AdminPassword,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        // Test classes sign in many times a minute from one address; the limit itself has its own tests.
        ["AiLogger:RateLimits:SignInPerMinute"] = "0",
        // Off unless a fixture asks for it (OtlpAppFixture): parallel apps cannot share the default port.
        ["AiLogger:Otlp:GrpcPort"] = "0",
        // Host samples every 15 s would add writes to every test's store; MetricAppFixture turns them on.
        ["AiLogger:SystemMetrics:SampleHost"] = "false",
    });

    private Dictionary<string, string?> WithOverrides(Dictionary<string, string?> settings)
    {
        foreach (var (name, value) in _overrides)
            if (value is null) settings.Remove(name);
            else settings[name] = value;
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(Settings));
    }

    public virtual Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    /// <summary>A client for the real server, sending <paramref name="apiKey"/> in X-API-Key when given.</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
        if (_postgresDatabase is not null) TestStorage.DropPostgresDatabase(_postgresDatabase);
    }
}

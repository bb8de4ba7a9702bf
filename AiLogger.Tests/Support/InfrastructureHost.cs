using AiLogger.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiLogger.Tests.Support;

/// <summary>Infrastructure alone (storage, writer, search) over a temp SQLite file (or PostgreSQL database, see <see cref="TestStorage"/>), without the web app.</summary>
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IHost _host;

    private InfrastructureHost(IDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        _storage = TestStorage.Settings(DatabasePath, out _postgresDatabase);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(_storage)
        {
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAiLoggerInfrastructure(builder.Configuration);
        services?.Invoke(builder.Services);
        _host = builder.Build();
    }

    private readonly Dictionary<string, string?> _storage;
    private readonly string? _postgresDatabase;

    public string DatabasePath => _directory.File("store.db");

    /// <summary>Whether this host runs on PostgreSQL (<c>AILOGGER_TEST_PROVIDER=postgres</c>).</summary>
    public bool IsPostgres => _postgresDatabase is not null;

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<InfrastructureHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new InfrastructureHost(settings, services);
        await host._host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _directory.Dispose();
        if (_postgresDatabase is not null) TestStorage.DropPostgresDatabase(_postgresDatabase);
    }
}

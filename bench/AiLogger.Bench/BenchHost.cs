using AiLogger.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiLogger.Bench;

/// <summary>AI-Logger's infrastructure alone (storage, writer, search) over a database file, in the bench process.</summary>
public static class BenchHost
{
    /// <param name="settings">More configuration (e.g. <c>AiLogger:Storage:Synchronous</c>).</param>
    /// <param name="database">A SQLite file, or a PostgreSQL connection string with <c>AiLogger:Storage:Provider=Postgres</c> in <paramref name="settings"/>.</param>
    public static async Task<IHost> StartAsync(string database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AiLogger"] = database.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? database : $"Data Source={database}",
            ["AiLogger:Bootstrap:ApiKey"] = BenchServer.ApiKey,
            ["AiLogger:Retention:Days"] = "0",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAiLoggerInfrastructure(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}

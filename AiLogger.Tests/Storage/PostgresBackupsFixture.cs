using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AiLogger.Tests.Storage;

/// <summary>The app (on SQLite) with PostgreSQL's backup store, which only names its database: what an admin of a PostgreSQL store meets.</summary>
public sealed class PostgresBackupsFixture : BrowserFixture
{
    // On SQLite whatever AILOGGER_TEST_PROVIDER says: only the backup store is PostgreSQL's here.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:AiLogger"] = $"Data Source={DatabasePath}",
        ["AiLogger:Storage:Provider"] = "Sqlite",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IBackupStore>(new PostgresBackups(PostgresBackupsTests.Database())));
    }
}

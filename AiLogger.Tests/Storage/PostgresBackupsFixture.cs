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
    // The app runs on the run's provider; only its backup store is replaced by PostgreSQL's.
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IBackupStore>(new PostgresBackups(PostgresBackupsTests.Database())));
    }
}

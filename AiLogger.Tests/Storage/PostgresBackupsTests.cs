using System.Net;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Infrastructure.Storage;
using AiLogger.Tests.EndToEnd;
using AiLogger.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace AiLogger.Tests.Storage;

/// <summary>
/// The app with PostgreSQL's backup store: each
/// backup route answers 409 with the pg_dump explanation, and Settings → Storage shows it in place of the list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PostgresBackupsTests(PostgresBackupsFixture app) : IClassFixture<PostgresBackupsFixture>
{
    internal static PostgresDatabase Database(string? connectionString = null) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AiLogger"] = connectionString ?? "Host=db.internal;Database=ailogger_prod;Username=ailogger" })
        .Build());

    [Theory]
    [InlineData("POST", "/api/admin/backups")]
    [InlineData("GET", "/api/admin/backups")]
    [InlineData("GET", "/api/admin/backups/ailogger-20261201-030000.db.gz")]
    public async Task Every_backup_route_answers_409_with_the_pg_dump_explanation(string method, string path)
    {
        using var client = app.CreateClient(AppFixture.AdminKey);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("pg_dump --format=custom --dbname=ailogger_prod", body);
        Assert.Contains("db.internal", body);
    }

    [SkippableFact]
    public async Task The_storage_page_explains_pg_dump_instead_of_a_backup_list_and_button()
    {
        Skip.If(app.Browser is null, app.SkipReason);
        var page = await app.SignedInPageAsync();
        await BrowserFixture.OpenAsync(page, "/settings/storage");
        await Assertions.Expect(page.GetByTestId("backups-unavailable")).ToContainTextAsync("back it up with pg_dump");
        await Assertions.Expect(page.GetByTestId("back-up")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("no-backups")).ToHaveCountAsync(0);
        // The rest of the page still works.
        await Assertions.Expect(page.GetByTestId("kinds-table")).ToContainTextAsync("Log events");
        await BrowserFixture.ScreenshotAsync(page, "storage-postgres-light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(400);
        await BrowserFixture.ScreenshotAsync(page, "storage-postgres-dark");
    }

    [Fact]
    public async Task The_scheduled_backup_job_skips_a_postgresql_store_instead_of_failing_daily()
    {
        var job = new BackupJob(new PostgresBackups(Database()), Options.Create(new BackupOptions()), NullLogger<BackupJob>.Instance);
        await job.RunAsync(CancellationToken.None);
        await Assert.ThrowsAsync<BackupsUnavailableException>(() => new PostgresBackups(Database()).CreateAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Restore_on_postgresql_is_refused_with_the_pg_restore_explanation_before_anything_changes()
    {
        await using var store = await PostgresTestStore.CreateAsync();
        var backup = Path.GetTempFileName();
        try
        {
            var error = await Assert.ThrowsAsync<RestoreException>(() => store.Get<RestoreCommand>().RunAsync(backup, CancellationToken.None));
            Assert.Contains("pg_restore", error.Message);
            Assert.Contains("nothing was changed", error.Message);
        }
        finally
        {
            File.Delete(backup);
        }
    }
}

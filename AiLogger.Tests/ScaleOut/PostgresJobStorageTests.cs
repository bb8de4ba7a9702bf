using System.Collections.Concurrent;
using AiLogger.Infrastructure.Persistence.Postgres;
using AiLogger.Tests.Support;
using Hangfire;
using Microsoft.Extensions.Configuration;

namespace AiLogger.Tests.ScaleOutTests;

/// <summary>Hangfire on PostgreSQL (the jobs' storage when the provider is PostgreSQL): two nodes' servers share one queue, each job runs once.</summary>
public sealed class PostgresJobStorageTests
{
    private static readonly ConcurrentDictionary<string, int> Runs = new();

    /// <summary>What a job does: count its runs. Never retried: a job that throws is Failed at once (and named below),
    /// not Scheduled for a retry up to a minute later, where neither a run nor a failure would show.</summary>
    [AutomaticRetry(Attempts = 0)]
    public static void Probe(string id) => Runs.AddOrUpdate(id, 1, (_, n) => n + 1);

    [SkippableFact]
    public async Task Jobs_enqueued_on_one_node_run_once_across_two_nodes_servers()
    {
        ScaleOut.RequirePostgres();
        var connection = TestStorage.CreatePostgresDatabase();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:AiLogger"] = connection }).Build();
            using var databaseA = new PostgresDatabase(configuration);
            using var databaseB = new PostgresDatabase(configuration);
            // Each node prepares the schema at start-up (they take turns) and builds its storage, as two processes would.
            await using (var prepare = await databaseA.OpenAsync(CancellationToken.None))
                await PostgresJobStorage.InstallSchemaAsync(prepare, CancellationToken.None);
            await using (var prepare = await databaseB.OpenAsync(CancellationToken.None))
                await PostgresJobStorage.InstallSchemaAsync(prepare, CancellationToken.None);
            var storageA = PostgresJobStorage.Create(databaseA);
            var storageB = PostgresJobStorage.Create(databaseB);
            var run = Guid.NewGuid().ToString("N");
            var client = new BackgroundJobClient(storageA);
            var ids = Enumerable.Range(0, 40).Select(i => $"{run}-{i}").ToList();
            foreach (var id in ids) client.Enqueue(() => Probe(id));
            Assert.Equal(40, storageB.GetMonitoringApi().EnqueuedCount("default"));

            // Each server with its own activator: the default, JobActivator.Current, is process-wide and every app
            // started in this process (other tests' WebApplicationFactory hosts) sets it to its own container's, which
            // that test disposes when it ends; a job then fails to begin its scope (ObjectDisposedException).
            using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 2, ServerName = "a", Activator = new JobActivator() }, storageA))
            using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 2, ServerName = "b", Activator = new JobActivator() }, storageB))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (ids.Any(id => !Runs.ContainsKey(id)) && DateTime.UtcNow < deadline) await Task.Delay(100);
                await Task.Delay(1_500);
            }
            var failed = storageA.GetMonitoringApi().FailedJobs(0, 1).Select(j => j.Value.ExceptionMessage).FirstOrDefault();
            Assert.True(failed is null, $"a job failed: {failed}");
            Assert.All(ids, id => Assert.Equal(1, Runs.GetValueOrDefault(id)));
            Assert.Equal(40, storageA.GetMonitoringApi().SucceededListCount());
        }
        finally
        {
            TestStorage.DropPostgresDatabase(connection);
        }
    }
}

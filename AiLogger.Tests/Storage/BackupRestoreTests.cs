using System.IO.Compression;
using System.Net;
using System.Text.Json;
using AiLogger.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AiLogger.Tests.Storage;

/// <summary>
/// A backup taken over the API while 1,000 events a second arrive, restored with <c>AiLogger.Web --restore</c> into a
/// fresh folder: every event acknowledged before the backup began is there. A backup from a newer schema, a damaged
/// file and a database still in use are refused with a message, and nothing changes.
/// </summary>
public sealed class BackupRestoreTests
{
    private const string Key = "backup-test-key-0123456789abcdef";

    [Fact]
    public async Task A_backup_under_load_restores_every_event_acknowledged_before_it_began()
    {
        using var directory = new TempDirectory();
        var run = Guid.NewGuid().ToString("N");
        var backupFile = directory.File("downloaded.db.gz");
        long acknowledgedBefore;
        await using (var server = await ServerProcess.StartAsync(directory.File("live", "ailogger.db"), Key))
        {
            using var client = Client(server.BaseAddress);
            var lastAcknowledged = -1L;
            using var stop = new CancellationTokenSource();
            // 100 events every 100 ms, one batch after the other, so "acknowledged" is a prefix of the batches.
            var load = Task.Run(async () =>
            {
                for (var batch = 0L; !stop.IsCancellationRequested; batch++)
                {
                    var started = DateTime.UtcNow;
                    var body = JsonSerializer.Serialize(Enumerable.Range(0, 100).Select(i => new
                    {
                        message = $"load {batch}/{i}", component = "load", details = new { Run = run, Batch = batch },
                    }));
                    using var response = await client.PostJsonTextAsync("/api/logs", body);
                    if (response.StatusCode == HttpStatusCode.Created) Interlocked.Exchange(ref lastAcknowledged, batch);
                    var rest = TimeSpan.FromMilliseconds(100) - (DateTime.UtcNow - started);
                    if (rest > TimeSpan.Zero) await Task.Delay(rest);
                }
            });
            // Load first (at least 10 batches acknowledged; a busy machine takes longer than the 1 s that should take).
            var loaded = DateTime.UtcNow.AddSeconds(60);
            while (Interlocked.Read(ref lastAcknowledged) < 10 && DateTime.UtcNow < loaded) await Task.Delay(100);

            acknowledgedBefore = Interlocked.Read(ref lastAcknowledged);
            using var created = await client.PostAsync("/api/admin/backups", null);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var backup = await created.ReadJsonAsync();
            await Task.Delay(500);
            await stop.CancelAsync();
            await load;

            using var listed = await client.GetAsync("/api/admin/backups");
            Assert.Contains((await listed.ReadJsonAsync()).EnumerateArray(), b => b.GetProperty("name").GetString() == backup.GetProperty("name").GetString());
            await using (var download = await client.GetStreamAsync(backup.GetProperty("download").GetString()))
            await using (var file = File.Create(backupFile))
                await download.CopyToAsync(file);
            Assert.True(acknowledgedBefore >= 10, $"only {acknowledgedBefore + 1} batches were acknowledged before the backup");
        }

        var fresh = directory.File("fresh", "ailogger.db");
        var (exit, output, errors) = await ServerProcess.RunCommandAsync(fresh, ["--restore", backupFile]);
        Assert.True(exit == 0, string.Join("\n", errors));
        Assert.Contains(output, line => line.StartsWith("Restored ", StringComparison.Ordinal));

        await using var restored = await ServerProcess.StartAsync(fresh, Key);
        using var reader = Client(restored.BaseAddress);
        var batches = (await reader.SearchAllAsync($"Run:{run}"))
            .GroupBy(e => e.GetProperty("properties").GetProperty("Batch").GetInt64())
            .ToDictionary(g => g.Key, g => g.Count());
        for (var batch = 0L; batch <= acknowledgedBefore; batch++)
            Assert.True(batches.GetValueOrDefault(batch) == 100, $"batch {batch} has {batches.GetValueOrDefault(batch)} of its 100 events after the restore");
    }

    [Fact]
    public async Task A_backup_from_a_newer_schema_is_refused_and_nothing_changes()
    {
        using var directory = new TempDirectory();
        var backup = await BackupOfAFreshStoreAsync(directory);
        var newer = directory.File("newer.db.gz");
        var plain = directory.File("plain.db");
        await using (var input = new GZipStream(File.OpenRead(backup), CompressionMode.Decompress))
        await using (var output = File.Create(plain))
            await input.CopyToAsync(output);
        await using (var connection = new SqliteConnection($"Data Source={plain};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }
        await using (var input = File.OpenRead(plain))
        await using (var output = new GZipStream(File.Create(newer), CompressionLevel.Fastest))
            await input.CopyToAsync(output);

        var target = directory.File("target", "ailogger.db");
        var (exit, _, errors) = await ServerProcess.RunCommandAsync(target, ["--restore", newer]);

        Assert.Equal(1, exit);
        Assert.Contains(errors, e => e.Contains("comes from a newer AI-Logger", StringComparison.Ordinal) && e.Contains("29991231000000_FromTheFuture", StringComparison.Ordinal));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_damaged_backup_and_a_database_in_use_are_refused()
    {
        using var directory = new TempDirectory();
        var backup = await BackupOfAFreshStoreAsync(directory);
        var cut = directory.File("cut.db.gz");
        var bytes = await File.ReadAllBytesAsync(backup);
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);
        var target = directory.File("target", "ailogger.db");

        var (damagedExit, _, damaged) = await ServerProcess.RunCommandAsync(target, ["--restore", cut]);
        Assert.Equal(1, damagedExit);
        Assert.Contains(damaged, e => e.Contains("not a whole gzip file", StringComparison.Ordinal) || e.Contains("damaged", StringComparison.Ordinal));
        Assert.False(File.Exists(target));

        await using var running = await ServerProcess.StartAsync(target, Key);
        var (busyExit, _, busy) = await ServerProcess.RunCommandAsync(target, ["--restore", backup]);
        Assert.Equal(1, busyExit);
        Assert.Contains(busy, e => e.Contains("is in use: stop AI-Logger", StringComparison.Ordinal));
        using var client = Client(running.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<string> BackupOfAFreshStoreAsync(TempDirectory directory)
    {
        await using var server = await ServerProcess.StartAsync(directory.File("source", "ailogger.db"), Key);
        using var client = Client(server.BaseAddress);
        using var created = await client.PostAsync("/api/admin/backups", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = directory.File("backup.db.gz");
        await using var download = await client.GetStreamAsync((await created.ReadJsonAsync()).GetProperty("download").GetString());
        await using var file = File.Create(path);
        await download.CopyToAsync(file);
        return path;
    }

    private static HttpClient Client(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Add("X-API-Key", Key);
        return client;
    }
}

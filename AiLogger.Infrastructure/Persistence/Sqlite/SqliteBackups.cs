using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using AiLogger.Domain.Storage;
using AiLogger.Infrastructure.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Online backups with <c>VACUUM INTO</c>: it reads the database inside one read transaction, so the copy is the store
/// as of that instant — every commit before it, none after — while the writer goes on (WAL readers do not block it).
/// The copy is compressed to <c>ailogger-yyyyMMdd-HHmmss.db.gz</c>, written under a temporary name and renamed, so a
/// backup file is whole or absent.
/// </summary>
internal sealed partial class SqliteBackups(SqliteDatabase database, IOptions<BackupOptions> options, DataFolder folder, TimeProvider time,
    ILogger<SqliteBackups> logger) : IBackupStore
{
    private const string Extension = ".db.gz";
    private readonly SemaphoreSlim _one = new(1, 1);

    public string? Unavailable => null;

    private string Directory => string.IsNullOrWhiteSpace(options.Value.Directory) ? folder.Backups : folder.Resolve(options.Value.Directory);

    public async Task<BackupInfo> CreateAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        var snapshot = string.Empty;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var now = time.GetUtcNow();
            var name = $"ailogger-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}{Extension}";
            for (var n = 2; File.Exists(Path.Combine(Directory, name)); n++)
                name = $"ailogger-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{n}{Extension}";

            snapshot = Path.Combine(Directory, $".snapshot-{Guid.NewGuid():N}.db");
            await using (var connection = await database.OpenAsync(cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "VACUUM INTO @path";
                command.Parameters.AddWithValue("@path", snapshot);
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var path = Path.Combine(Directory, name);
            var part = path + ".part";
            await using (var source = new FileStream(snapshot, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, useAsync: true))
            await using (var target = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var gzip = new GZipStream(target, CompressionLevel.Fastest))
                await source.CopyToAsync(gzip, cancellationToken);
            File.Move(part, path);
            var info = new BackupInfo(name, now, new FileInfo(path).Length);
            logger.LogInformation("Backup {Name}: {Bytes:N0} bytes", name, info.Bytes);
            return info;
        }
        finally
        {
            if (snapshot.Length > 0) TryDelete(snapshot);
            _one.Release();
        }
    }

    public Task<IReadOnlyList<BackupInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(Directory)) return Task.FromResult<IReadOnlyList<BackupInfo>>([]);
        IReadOnlyList<BackupInfo> list = new DirectoryInfo(Directory).EnumerateFiles("ailogger-*" + Extension)
            .Where(f => BackupName().IsMatch(f.Name))
            .Select(f => new BackupInfo(f.Name, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero), f.Length))
            .OrderByDescending(b => b.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(list);
    }

    public Stream? Open(string name)
    {
        // Only names this class writes: no path can be smuggled in.
        if (!BackupName().IsMatch(name)) return null;
        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true) : null;
    }

    public async Task<int> PruneAsync(int keep, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var old in (await ListAsync(cancellationToken)).Skip(Math.Max(1, keep)))
        {
            TryDelete(Path.Combine(Directory, old.Name));
            deleted++;
        }
        return deleted;
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException error)
        {
            logger.LogWarning(error, "Could not delete {Path}", path);
        }
    }

    [GeneratedRegex(@"^ailogger-\d{8}-\d{6}(-\d+)?\.db\.gz$")]
    private static partial Regex BackupName();
}

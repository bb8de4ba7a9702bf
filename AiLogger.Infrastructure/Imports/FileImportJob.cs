using AiLogger.Domain.Imports;
using AiLogger.Domain.Ingest;
using AiLogger.Infrastructure.Persistence;
using AiLogger.Infrastructure.ScaleOut;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.Logging;

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// The import job (Hangfire): scans the watched folders, following each file by its fingerprint through renames,
/// rotation (<c>app.log</c> → <c>app.log.1</c>, <c>.gz</c>) and truncation; and reads uploads. Progress lives in
/// AI-Logger's tables, so a restart resumes where the last commit ended. Nodes sharing a folder take turns: a scan holds
/// the cluster-wide scan lock and reads every checkpoint afresh under it, so each line is imported by one node once; an
/// upload's import holds that import's lock.
/// </summary>
internal sealed class FileImportJob(
    IDbContextFactory<AiLoggerDbContext> contexts,
    ImportCatalog catalog,
    ImportRoots roots,
    FileImporter importer,
    ImportGate gate,
    ClusterLocks locks,
    NodeIdentity node,
    IBackgroundJobClient jobs,
    TimeProvider time,
    ILogger<FileImportJob> logger,
    Domain.TestResults.ITestReportIngestor reports)
{
    /// <summary>A report written less than this long ago may still be being written: the next scan takes it.</summary>
    private static readonly TimeSpan ReportSettleTime = TimeSpan.FromSeconds(2);

    public const string RecurringJobId = "import-scan";

    internal const string ScanLock = "import-scan";

    internal static string UploadLock(long importId) => $"import-{importId}";

    /// <summary>The recurring scan: skipped when one is already running.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        await using (var held = await locks.TryAcquireAsync(ScanLock, cancellationToken))
        {
            if (held is null) return;
            using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
            await ScanSourcesAsync(token.Token);
        }
        await ResumeUploadsAsync(cancellationToken);
    }

    /// <summary>A scan asked for now: waits for a running one to finish, then scans.</summary>
    public async Task<ImportScanResult> ScanNowAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(ScanLock, cancellationToken);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        return await ScanSourcesAsync(token.Token);
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task RunUploadAsync(long importId, CancellationToken cancellationToken)
    {
        if (!gate.TryEnter(importId)) return;
        // Another node may hold it (a scan there enqueued it again): that one reads it.
        var held = await locks.TryAcquireAsync(UploadLock(importId), cancellationToken);
        if (held is null)
        {
            gate.Leave(importId);
            return;
        }
        using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        cancellationToken = token.Token;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var import = await db.Imports.FirstOrDefaultAsync(i => i.Id == importId, cancellationToken);
            if (import is null || import.Status is ImportStatus.Completed or ImportStatus.Failed) return;
            if (import.Status == ImportStatus.Queued)
            {
                import.Status = ImportStatus.Running;
                await db.SaveChangesAsync(cancellationToken);
                catalog.NotifyChanged();
            }
            if (!File.Exists(import.Path))
            {
                await FailAsync(import.Id, "The uploaded file is gone from the upload folder; upload it again.", cancellationToken);
                return;
            }
            try
            {
                await importer.ImportAsync(import, final: true, cancellationToken);
                TryDelete(import.Path);
            }
            catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                await FailAsync(import.Id, $"The file could not be read: {error.Message}", cancellationToken);
            }
        }
        finally
        {
            await held.DisposeAsync();
            gate.Leave(importId);
        }
    }

    private async Task ResumeUploadsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Imports.AsNoTracking()
            .Where(i => i.Kind == ImportKinds.Upload && (i.Status == ImportStatus.Queued || i.Status == ImportStatus.Running))
            .Select(i => new { i.Id, i.Path }).ToListAsync(cancellationToken);
        // An upload waits on the disk of the node that received it (unless the upload folder is shared): only a node
        // that sees the file takes it up, on its own machine's queue.
        foreach (var upload in stranded.Where(u => !gate.IsRunning(u.Id) && File.Exists(u.Path)))
            jobs.Enqueue<FileImportJob>(node.Queue, job => job.RunUploadAsync(upload.Id, CancellationToken.None));

        // Uploads a crash or a dropped connection left half-received.
        var abandoned = time.GetUtcNow() - AbandonedAfter;
        var leftovers = await db.Imports.Where(i => i.Kind == ImportKinds.Upload && i.Status == ImportStatus.Receiving).ToListAsync(cancellationToken);
        foreach (var import in leftovers.Where(i => i.CreatedAt < abandoned))
        {
            if (import.Path.Length > 0) TryDelete(import.Path);
            db.Imports.Remove(import);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private async Task<ImportScanResult> ScanSourcesAsync(CancellationToken cancellationToken)
    {
        var sources = (await catalog.SourcesAsync(cancellationToken)).Where(s => s.Enabled).ToList();
        var problems = new List<string>();
        var files = 0;
        var total = new ImportOutcome();
        foreach (var source in sources)
        {
            if (roots.Refusal(source.Path) is { } refusal)
            {
                problems.Add($"{source.Name}: not read: {refusal}");
                continue;
            }
            if (!Directory.Exists(source.Path))
            {
                problems.Add($"{source.Name}: the folder {source.Path} does not exist.");
                continue;
            }
            try
            {
                var (count, outcome) = await ScanSourceAsync(source, problems, cancellationToken);
                files += count;
                total = total.Add(outcome.Lines, outcome.Events, outcome.Rejected);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{source.Name}: {error.Message}");
            }
        }
        foreach (var problem in problems) logger.LogWarning("Import scan: {Problem}", problem);
        return new ImportScanResult(sources.Count, files, total.Lines, total.Events, total.Rejected, problems);
    }

    private async Task<(int Files, ImportOutcome Outcome)> ScanSourceAsync(ImportSource source, List<string> problems, CancellationToken cancellationToken)
    {
        if (ImportFormats.IsTestReport(source.Format)) return await ScanReportsAsync(source, problems, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Imports.Where(i => i.Kind == ImportKinds.Watched && i.SourceKey == source.Key).ToListAsync(cancellationToken);

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(source.Pattern);
        var matching = matcher.GetResultsInFullPath(source.Path).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        // Rotated siblings of known files (app.log.1, app.log.1.gz) hold the tail a rotation moved away.
        var candidates = new List<string>(matching.Order(StringComparer.Ordinal));
        foreach (var path in known.Select(k => k.Path).Distinct())
        {
            var directory = Path.GetDirectoryName(path);
            if (directory is null || !Directory.Exists(directory)) continue;
            var name = Path.GetFileName(path);
            foreach (var sibling in Directory.EnumerateFiles(directory, name + "*"))
                if (!candidates.Contains(sibling)) candidates.Add(sibling);
        }

        var claimed = new HashSet<long>();
        var outcome = new ImportOutcome();
        var files = 0;
        foreach (var path in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (!file.Exists || file.Length == 0) continue;
            if (!roots.Contains(path))
            {
                problems.Add($"{source.Name}: {path} is not read: it links outside the folders imports may read ({string.Join(", ", roots.All)}).");
                continue;
            }
            var compressed = ImportFiles.IsGzip(path);
            var head = ImportFiles.Head(path, compressed, FileFingerprint.FullLength);
            if (head.Length == 0) continue;

            var import = Match(known, head, claimed);
            if (import is null)
            {
                if (!matching.Contains(path)) continue;
                import = await StartWatchingAsync(db, source, path, compressed, head, cancellationToken);
                known.Add(import);
                if (import.Status == ImportStatus.Failed)
                {
                    problems.Add($"{source.Name}: {path}: {import.Error}");
                    claimed.Add(import.Id);
                    continue;
                }
            }
            claimed.Add(import.Id);
            if (import.Status == ImportStatus.Failed || (import.Compressed && import.Status == ImportStatus.Completed)) continue;

            var changed = false;
            if (import.Path != path)
            {
                logger.LogInformation("Import: {Old} is now {New}; following it", import.Path, path);
                import.Path = path;
                import.Name = path;
                changed = true;
            }
            if (import.FingerprintLength < head.Length)
            {
                var grown = ImportFiles.Fingerprint(head, head.Length);
                (import.FingerprintHash, import.FingerprintLength) = (grown.Hash, grown.Length);
                changed = true;
            }
            if (compressed != import.Compressed)
            {
                import.Compressed = compressed;
                changed = true;
            }
            if (!compressed && file.Length < import.Offset)
            {
                // Truncated in place (the start kept): read again from the start.
                logger.LogInformation("Import: {Path} was truncated; reading it again from the start", path);
                (import.Offset, import.LineNumber, import.BytesRead) = (0, 0, 0);
                changed = true;
            }
            if (import.TotalBytes != file.Length)
            {
                import.TotalBytes = file.Length;
                changed = true;
            }
            if (changed)
            {
                import.UpdatedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }
            if (!compressed && file.Length == import.Offset) continue;

            files++;
            try
            {
                var result = await importer.ImportAsync(import, final: compressed, cancellationToken);
                outcome = outcome.Add(result.Lines, result.Events, result.Rejected);
            }
            catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add($"{source.Name}: {path}: {error.Message}");
                if (compressed) await FailAsync(import.Id, $"The file could not be read: {error.Message}", cancellationToken);
            }
            // The importer committed through the writer; reload so the next file of a rotation sees the checkpoint.
            await db.Entry(import).ReloadAsync(cancellationToken);
        }
        return (files, outcome);
    }

    /// <summary>
    /// A folder of test reports: each file (by its path and the hash of its whole content) becomes one run of the
    /// source's project, committed with its import record in one transaction; a file rewritten by the next CI run is a
    /// new run. A file that does not parse is recorded as failed with the reason, and read again once it changes.
    /// </summary>
    private async Task<(int Files, ImportOutcome Outcome)> ScanReportsAsync(ImportSource source, List<string> problems, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A report's run and its import record's completion commit together: a record still running is a push a crash
        // interrupted before its commit, so it is taken again.
        var known = (await db.Imports.Where(i => i.Kind == ImportKinds.Watched && i.SourceKey == source.Key)
                .Select(i => new { i.Id, i.Path, i.FingerprintHash, i.Status }).ToListAsync(cancellationToken))
            .GroupBy(i => (i.Path, i.FingerprintHash)).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Id).First());
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(source.Pattern);
        var files = 0;
        var outcome = new ImportOutcome();
        foreach (var path in matcher.GetResultsInFullPath(source.Path).Select(Path.GetFullPath).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (!file.Exists || file.Length == 0 || time.GetUtcNow() - file.LastWriteTimeUtc < ReportSettleTime) continue;
            if (!roots.Contains(path))
            {
                problems.Add($"{source.Name}: {path} is not read: it links outside the folders imports may read ({string.Join(", ", roots.All)}).");
                continue;
            }
            string hash;
            await using (var content = ImportFiles.OpenShared(path))
                hash = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, cancellationToken));
            ImportEntity import;
            if (known.TryGetValue((path, hash), out var seen))
            {
                if (seen.Status != ImportStatus.Running) continue;
                import = await db.Imports.FirstAsync(i => i.Id == seen.Id, cancellationToken);
            }
            else import = new ImportEntity
            {
                Kind = ImportKinds.Watched,
                Name = path,
                Path = path,
                SourceKey = source.Key,
                SourceName = source.Name,
                Format = source.Format,
                EventSource = source.Source,
                Status = ImportStatus.Running,
                FingerprintHash = hash,
                FingerprintLength = (int)Math.Min(int.MaxValue, file.Length),
                Compressed = ImportFiles.IsGzip(path),
                TotalBytes = file.Length,
                CreatedAt = time.GetUtcNow(),
            };
            if (import.Id == 0)
            {
                db.Imports.Add(import);
                await db.SaveChangesAsync(cancellationToken);
                catalog.NotifyChanged();
            }
            files++;

            var progress = new ImportProgress
            {
                ImportId = import.Id, Offset = file.Length, LineNumber = 0, BytesRead = file.Length, LinesRead = 0, Status = ImportStatus.Completed,
            };
            try
            {
                await using var content = ImportFiles.OpenShared(path);
                var metadata = new Domain.TestResults.TestRunMetadata
                {
                    Project = string.IsNullOrWhiteSpace(source.Source) ? source.Name : source.Source,
                    StartedAt = null,
                    Labels = new Dictionary<string, string> { ["file"] = Path.GetFileName(path) },
                };
                var run = await reports.IngestAsync(metadata, [new Domain.TestResults.TestReportFile(Path.GetFileName(path), content, source.Format)],
                    new IngestContext { Progress = progress }, cancellationToken);
                outcome = outcome.Add(0, run.Totals.Tests, 0);
                logger.LogInformation("Import: {Path} stored as test run {RunId} of {Project} ({Tests} tests)", path, run.RunId, metadata.Project, run.Totals.Tests);
                catalog.NotifyChanged();
            }
            catch (Exception error) when (error is IngestFormatException or PayloadTooLargeException or IOException or UnauthorizedAccessException)
            {
                problems.Add($"{source.Name}: {path}: {error.Message}");
                await FailAsync(import.Id, error.Message, cancellationToken);
            }
        }
        return (files, outcome);
    }

    /// <summary>The known file whose fingerprint is a prefix of <paramref name="head"/>; the longest such wins.</summary>
    private static ImportEntity? Match(List<ImportEntity> known, byte[] head, HashSet<long> claimed)
    {
        ImportEntity? best = null;
        var hashes = new Dictionary<int, string>();
        foreach (var import in known)
        {
            if (claimed.Contains(import.Id) || import.FingerprintHash is null || import.FingerprintLength > head.Length) continue;
            if (!hashes.TryGetValue(import.FingerprintLength, out var hash))
                hashes[import.FingerprintLength] = hash = ImportFiles.Fingerprint(head, import.FingerprintLength).Hash;
            if (hash == import.FingerprintHash && (best is null || import.FingerprintLength > best.FingerprintLength)) best = import;
        }
        return best;
    }

    private async Task<ImportEntity> StartWatchingAsync(
        AiLoggerDbContext db, ImportSource source, string path, bool compressed, byte[] head, CancellationToken cancellationToken)
    {
        var fingerprint = ImportFiles.Fingerprint(head, head.Length);
        var format = source.Format == ImportFormats.Auto ? ImportFormatDetector.Detect(head) : source.Format;
        var import = new ImportEntity
        {
            Kind = ImportKinds.Watched,
            Name = path,
            Path = path,
            SourceKey = source.Key,
            SourceName = source.Name,
            Format = format ?? ImportFormats.Auto,
            EventSource = source.Source,
            TimeZone = source.TimeZone,
            Regex = source.Regex,
            Status = format is null ? ImportStatus.Failed : ImportStatus.Running,
            Error = format is null ? ImportFormatDetector.Undetected : null,
            FingerprintHash = fingerprint.Hash,
            FingerprintLength = fingerprint.Length,
            Compressed = compressed,
            TotalBytes = new FileInfo(path).Length,
            CreatedAt = time.GetUtcNow(),
        };
        db.Imports.Add(import);
        await db.SaveChangesAsync(cancellationToken);
        catalog.NotifyChanged();
        return import;
    }

    private async Task FailAsync(long importId, string error, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Imports.Where(i => i.Id == importId).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.Status, ImportStatus.Failed)
            .SetProperty(i => i.Error, error)
            .SetProperty(i => i.FinishedAt, now)
            .SetProperty(i => i.UpdatedAt, now), cancellationToken);
        catalog.NotifyChanged();
    }

    private void TryDelete(string path)
    {
        if (!File.Exists(path)) return;
        try
        {
            File.Delete(path);
        }
        catch (IOException error)
        {
            logger.LogWarning(error, "Could not delete the imported upload {Path}", path);
        }
    }
}

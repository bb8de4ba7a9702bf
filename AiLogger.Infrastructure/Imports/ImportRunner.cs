using AiLogger.Domain.Imports;
using AiLogger.Infrastructure.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Imports;

internal sealed class ImportRunner(
    IDbContextFactory<AiLoggerDbContext> contexts,
    IOptions<ImportOptions> options,
    DataFolder folder,
    ImportCatalog catalog,
    IBackgroundJobClient jobs,
    IServiceScopeFactory scopes,
    ScaleOut.NodeIdentity node,
    TimeProvider time) : IImportRunner
{
    public async Task<long> UploadAsync(string fileName, Stream content, ImportFormatSettings settings, CancellationToken cancellationToken)
    {
        var errors = settings.Validate();
        if (errors.Count > 0) throw new ImportSettingsException(errors);
        var id = await ReceiveAsync(fileName, content, cancellationToken);
        await StartAsync(id, settings, cancellationToken);
        return id;
    }

    public async Task<long> ReceiveAsync(string fileName, Stream content, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var import = new ImportEntity
        {
            Kind = ImportKinds.Upload,
            Name = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "upload" : fileName.Trim()),
            Path = string.Empty,
            Format = ImportFormats.Auto,
            Status = ImportStatus.Receiving,
            CreatedAt = time.GetUtcNow(),
        };
        db.Imports.Add(import);
        await db.SaveChangesAsync(cancellationToken);

        var directory = UploadDirectory();
        Directory.CreateDirectory(directory);
        import.Path = Path.Combine(directory, $"{import.Id}.upload");
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            import.TotalBytes = await StoreAsync(content, import.Path, options.Value.MaxUploadBytes, cancellationToken);
            if (import.TotalBytes == 0) throw new ImportSettingsException(new Dictionary<string, string> { ["file"] = "The file is empty." });
            import.Compressed = ImportFiles.IsGzip(import.Path);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await DiscardAsync(import.Id, CancellationToken.None);
            throw;
        }
        return import.Id;
    }

    public async Task StartAsync(long importId, ImportFormatSettings settings, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var import = await db.Imports.FirstOrDefaultAsync(i => i.Id == importId && i.Status == ImportStatus.Receiving, cancellationToken)
                     ?? throw new InvalidOperationException($"Import {importId} is not waiting to start.");
        try
        {
            var errors = settings.Validate();
            if (errors.Count > 0) throw new ImportSettingsException(errors);
            import.Format = ImportFormats.Normalize(settings.Format)!;
            import.EventSource = Blank(settings.Source);
            import.TimeZone = Blank(settings.TimeZone);
            import.Regex = Blank(settings.Regex);
            if (import.Format == ImportFormats.Auto)
            {
                var head = ImportFiles.Head(import.Path, import.Compressed, 64 * 1024);
                import.Format = ImportFormatDetector.Detect(head)
                                ?? throw new ImportSettingsException(new Dictionary<string, string> { ["format"] = ImportFormatDetector.Undetected });
            }
        }
        catch (ImportSettingsException)
        {
            await DiscardAsync(importId, CancellationToken.None);
            throw;
        }
        import.Status = ImportStatus.Queued;
        await db.SaveChangesAsync(cancellationToken);
        // On this machine's queue: the file is on its disk.
        jobs.Enqueue<FileImportJob>(node.Queue, job => job.RunUploadAsync(importId, CancellationToken.None));
        catalog.NotifyChanged();
    }

    public async Task DiscardAsync(long importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var import = await db.Imports.FirstOrDefaultAsync(i => i.Id == importId && i.Status == ImportStatus.Receiving, cancellationToken);
        if (import is null) return;
        if (import.Path.Length > 0) File.Delete(import.Path);
        db.Imports.Remove(import);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ImportScanResult> ScanAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FileImportJob>().ScanNowAsync(cancellationToken);
    }

    private string UploadDirectory() =>
        !string.IsNullOrWhiteSpace(options.Value.UploadDirectory) ? folder.Resolve(options.Value.UploadDirectory) : folder.Uploads;

    private static async Task<long> StoreAsync(Stream content, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
                throw new ImportSettingsException(new Dictionary<string, string>
                {
                    ["file"] = $"The file is larger than the limit of {maxBytes:N0} bytes (AiLogger:Imports:MaxUploadBytes).",
                });
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

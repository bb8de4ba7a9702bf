using AiLogger.Domain.Imports;
using AiLogger.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiLogger.Infrastructure.Imports;

internal sealed class ImportCatalog(IDbContextFactory<AiLoggerDbContext> contexts, IOptions<ImportOptions> options, ImportRoots roots, TimeProvider time) : IImportCatalog
{
    public event Action? Changed;

    public void NotifyChanged() => Changed?.Invoke();

    public async Task<IReadOnlyList<ImportRecord>> ListAsync(string? kind, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Imports.AsNoTracking();
        if (kind is not null) query = query.Where(i => i.Kind == kind);
        var rows = await query.OrderByDescending(i => i.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<ImportRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<IReadOnlyList<RejectedLine>> RejectedLinesAsync(long id, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ImportErrors.AsNoTracking()
            .Where(e => e.ImportId == id)
            .OrderBy(e => e.LineNumber).ThenBy(e => e.Id)
            .Take(limit)
            .Select(e => new RejectedLine(e.LineNumber, e.Reason, e.Excerpt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ImportSource>> SourcesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await db.ImportSources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return options.Value.ConfiguredSources().Concat(stored.Select(ToSource)).ToList();
    }

    public async Task<ImportSource> AddSourceAsync(ImportSource source, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>(source.Validate());
        if (!errors.ContainsKey("path") && roots.Refusal(source.Path.Trim()) is { } refusal) errors["path"] = refusal;
        if (errors.Count > 0) throw new ImportSettingsException(errors);
        var existing = await SourcesAsync(cancellationToken);
        if (existing.Any(s => string.Equals(s.Name, source.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            throw new ImportSettingsException(new Dictionary<string, string> { ["name"] = $"A source named '{source.Name.Trim()}' exists already." });

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ImportSourceEntity
        {
            Name = source.Name.Trim(),
            Path = source.Path.Trim(),
            Pattern = source.Pattern.Trim(),
            Format = ImportFormats.Normalize(source.Format) ?? source.Format.Trim().ToLowerInvariant(),
            EventSource = Blank(source.Source),
            TimeZone = Blank(source.TimeZone),
            Regex = Blank(source.Regex),
            Enabled = source.Enabled,
            CreatedAt = time.GetUtcNow(),
        };
        db.ImportSources.Add(row);
        if (!await Persistence.UniqueViolation.TrySaveAsync(db, cancellationToken))
            throw new ImportSettingsException(new Dictionary<string, string> { ["name"] = $"A source named '{row.Name}' exists already." });
        NotifyChanged();
        return ToSource(row);
    }

    public async Task<bool> RemoveSourceAsync(string key, CancellationToken cancellationToken)
    {
        if (!key.StartsWith(DatabaseKeyPrefix, StringComparison.Ordinal) || !long.TryParse(key[DatabaseKeyPrefix.Length..], out var id)) return false;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.ImportSources.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        if (removed) NotifyChanged();
        return removed;
    }

    private const string DatabaseKeyPrefix = "db:";

    private static ImportSource ToSource(ImportSourceEntity s) => new()
    {
        Key = DatabaseKeyPrefix + s.Id,
        Name = s.Name,
        Path = s.Path,
        Pattern = s.Pattern,
        Format = s.Format,
        Source = s.EventSource,
        TimeZone = s.TimeZone,
        Regex = s.Regex,
        Enabled = s.Enabled,
        Origin = ImportSource.DatabaseOrigin,
    };

    internal static ImportRecord ToRecord(ImportEntity i) => new()
    {
        Id = i.Id,
        Kind = i.Kind,
        Name = i.Name,
        SourceName = i.SourceName,
        Format = i.Format,
        Status = i.Status,
        TotalBytes = i.TotalBytes,
        BytesRead = i.BytesRead,
        Offset = i.Offset,
        LinesRead = i.LinesRead,
        EventsImported = i.EventsImported,
        LinesRejected = i.LinesRejected,
        Error = i.Error,
        CreatedAt = i.CreatedAt,
        UpdatedAt = i.UpdatedAt,
        FinishedAt = i.FinishedAt,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

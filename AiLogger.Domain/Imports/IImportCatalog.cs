namespace AiLogger.Domain.Imports;

/// <summary>Imports, watched sources and rejected lines, for the API and the settings page.</summary>
public interface IImportCatalog
{
    Task<IReadOnlyList<ImportRecord>> ListAsync(string? kind, int limit, CancellationToken cancellationToken);

    Task<ImportRecord?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The kept rejected lines of an import, by line number.</summary>
    Task<IReadOnlyList<RejectedLine>> RejectedLinesAsync(long id, int limit, CancellationToken cancellationToken);

    /// <summary>Sources from configuration first, then those added in the UI.</summary>
    Task<IReadOnlyList<ImportSource>> SourcesAsync(CancellationToken cancellationToken);

    /// <summary>Adds a watched folder; the result carries its key.</summary>
    Task<ImportSource> AddSourceAsync(ImportSource source, CancellationToken cancellationToken);

    /// <summary>Removes a source added in the UI (files already imported stay).</summary>
    Task<bool> RemoveSourceAsync(string key, CancellationToken cancellationToken);

    /// <summary>Raised after imports progress or sources change, so open pages refresh.</summary>
    event Action? Changed;
}

using AiLogger.Domain.Imports;

namespace AiLogger.Infrastructure.Imports;

/// <summary><c>AiLogger:Imports</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "AiLogger:Imports";

    /// <summary>Watched folders (more can be added in the UI).</summary>
    public List<ImportSourceOptions> Sources { get; set; } = [];

    /// <summary>Cron of the scan of watched folders (Hangfire); every minute by default.</summary>
    public string ScanSchedule { get; set; } = "* * * * *";

    /// <summary>Largest upload accepted, in bytes (compressed size for gzip).</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>Where uploads wait for their import; <c>uploads/</c> in the data folder when empty.</summary>
    public string? UploadDirectory { get; set; }

    /// <summary>
    /// Folders watched sources may read from, whatever their path says (links are followed before the check);
    /// <c>imports/</c> in the data folder when empty. A source outside them is refused.
    /// </summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>Lines read between two checkpoints (each one commit).</summary>
    public int LinesPerCommit { get; set; } = 5_000;

    /// <summary>Rejected lines kept in full per import; beyond it they are only counted.</summary>
    public int MaxRejectedLinesKept { get; set; } = 1_000;

    public IEnumerable<ImportSource> ConfiguredSources() => Sources.Select(s => new ImportSource
    {
        Key = "config:" + s.Name,
        Name = s.Name,
        Path = s.Path,
        Pattern = s.Pattern,
        Format = ImportFormats.Normalize(s.Format) ?? s.Format,
        Source = s.Source,
        TimeZone = s.TimeZone,
        Regex = s.Regex,
        Enabled = s.Enabled,
        Origin = ImportSource.ConfigurationOrigin,
    });
}

/// <summary>One entry of <c>AiLogger:Imports:Sources</c>.</summary>
public sealed class ImportSourceOptions
{
    public string Name { get; set; } = string.Empty;

    public string Path { get; set; } = string.Empty;

    public string Pattern { get; set; } = "*";

    public string Format { get; set; } = ImportFormats.Auto;

    public string? Source { get; set; }

    public string? TimeZone { get; set; }

    public string? Regex { get; set; }

    public bool Enabled { get; set; } = true;
}

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// Row of <c>imports</c>: an upload, or a watched file (one row per file content, found again by its fingerprint
/// after a rename). The checkpoint (<see cref="Offset"/>, <see cref="LineNumber"/>) moves only in the commit
/// that stores the events it covers.
/// </summary>
internal sealed class ImportEntity
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    /// <summary>Uploads: the file name as sent. Watched files: the path where the file was last seen.</summary>
    public required string Name { get; set; }

    /// <summary>Where the content is read from: the stored upload, or the watched file's path.</summary>
    public required string Path { get; set; }

    public string? SourceKey { get; set; }

    public string? SourceName { get; set; }

    public required string Format { get; set; }

    public string? EventSource { get; set; }

    public string? TimeZone { get; set; }

    public string? Regex { get; set; }

    public required string Status { get; set; }

    public string? FingerprintHash { get; set; }

    public int FingerprintLength { get; set; }

    public bool Compressed { get; set; }

    public long TotalBytes { get; set; }

    public long BytesRead { get; set; }

    public long Offset { get; set; }

    public long LineNumber { get; set; }

    public long LinesRead { get; set; }

    public long EventsImported { get; set; }

    public long LinesRejected { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

namespace AiLogger.Domain.Imports;

/// <summary>An import as reported by the API and the UI: an upload, or a watched file and how far it is read.</summary>
public sealed record ImportRecord
{
    public required long Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>The file's name (uploads) or full path (watched files).</summary>
    public required string Name { get; init; }

    /// <summary>The watched source's name; null for uploads.</summary>
    public string? SourceName { get; init; }

    public required string Format { get; init; }

    public required string Status { get; init; }

    public long TotalBytes { get; init; }

    public long BytesRead { get; init; }

    /// <summary>Byte offset of the next line to import (decompressed).</summary>
    public long Offset { get; init; }

    public long LinesRead { get; init; }

    public long EventsImported { get; init; }

    public long LinesRejected { get; init; }

    /// <summary>Why the import failed as a whole (e.g. an undetectable format).</summary>
    public string? Error { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>0–1, from the bytes read; null when the size is unknown.</summary>
    public double? Progress => TotalBytes > 0 ? Math.Clamp((double)BytesRead / TotalBytes, 0, 1) : null;
}

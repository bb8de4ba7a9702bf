namespace AiLogger.Domain.Imports;

/// <summary>
/// A file import's checkpoint, carried with the events read since the last one and stored in the same
/// commit: after a crash the file resumes exactly where the committed events end.
/// </summary>
public sealed record ImportProgress
{
    public required long ImportId { get; init; }

    /// <summary>Byte offset (of the decompressed content) of the first line not yet imported.</summary>
    public required long Offset { get; init; }

    /// <summary>Lines before <see cref="Offset"/>.</summary>
    public required long LineNumber { get; init; }

    /// <summary>Position in the file as stored (compressed for gzip), for progress bars.</summary>
    public required long BytesRead { get; init; }

    public required long LinesRead { get; init; }

    public IReadOnlyList<RejectedLine> Rejected { get; init; } = [];

    /// <summary>Rejected lines counted in <see cref="Rejected"/> and beyond the number kept.</summary>
    public long LinesRejected { get; init; }

    /// <summary>Set on the last checkpoint of a run: <see cref="ImportStatus"/>.</summary>
    public string? Status { get; init; }
}

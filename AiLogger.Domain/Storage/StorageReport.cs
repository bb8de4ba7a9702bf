namespace AiLogger.Domain.Storage;

/// <summary>
/// The store's size and where it goes. <see cref="UsedBytes"/> counts the database pages holding data (freed pages are
/// reused before the file grows); per-kind sizes are estimates from a sample of rows, scaled to the bytes in use.
/// </summary>
public sealed record StorageReport
{
    public required long FileBytes { get; init; }

    public required long UsedBytes { get; init; }

    public required long? DiskFreeBytes { get; init; }

    public required IReadOnlyList<StorageKind> Kinds { get; init; }

    /// <summary>Events a day over the last 7 days.</summary>
    public required double EventsPerDay { get; init; }

    /// <summary>Bytes the store grows by a day at that rate, before retention deletes anything.</summary>
    public required double BytesPerDay { get; init; }

    public required DateTimeOffset MeasuredAt { get; init; }
}

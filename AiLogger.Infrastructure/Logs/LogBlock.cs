namespace AiLogger.Infrastructure.Logs;

/// <summary>
/// The time span of a run of consecutive event ids (<see cref="Size"/> of them). Keyword searches walk these
/// newest first and ask the keyword index only for the ids of one block at a time, so a first page never
/// depends on how many events match in total.
/// </summary>
public sealed class LogBlock
{
    public const int Shift = 12;
    public const long Size = 1L << Shift;

    public long Block { get; set; }

    public long MinTimestamp { get; set; }

    public long MaxTimestamp { get; set; }
}

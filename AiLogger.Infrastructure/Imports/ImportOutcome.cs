namespace AiLogger.Infrastructure.Imports;

/// <summary>Lines, events and rejected lines of one import run.</summary>
internal sealed record ImportOutcome(long Lines = 0, long Events = 0, long Rejected = 0)
{
    public ImportOutcome Add(long lines, long events, long rejected) => new(Lines + lines, Events + events, Rejected + rejected);
}

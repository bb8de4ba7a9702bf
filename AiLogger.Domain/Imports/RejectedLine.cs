namespace AiLogger.Domain.Imports;

/// <summary>A line an import could not read: kept with its number, the reason and its first bytes.</summary>
public sealed record RejectedLine(long LineNumber, string Reason, string Excerpt)
{
    public const int MaxExcerptBytes = 500;
}

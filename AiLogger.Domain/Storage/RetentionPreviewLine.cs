namespace AiLogger.Domain.Storage;

/// <summary>One rule's share of a preview: which events, kept how long, and how many of them are older.</summary>
public sealed record RetentionPreviewLine(string What, int Days, long Deleted);

namespace AiLogger.Domain.Storage;

/// <summary>One backup file: a consistent, compressed snapshot of the whole store.</summary>
public sealed record BackupInfo(string Name, DateTimeOffset CreatedAt, long Bytes);

namespace AiLogger.Domain.Storage;

/// <summary>One kind of data in the store: how much, since when, and roughly how many bytes.</summary>
public sealed record StorageKind(string Kind, long Items, DateTimeOffset? Oldest, long EstimatedBytes);

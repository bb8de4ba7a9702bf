namespace AiLogger.Domain.Logs;

/// <summary>A value of a field and how many events have it (null value: events without the field).</summary>
public sealed record ValueCount(string? Value, long Count);

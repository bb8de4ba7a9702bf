namespace AiLogger.Domain.ModelMonitoring;

/// <summary>An upload stored whole: its format (<c>csv</c> or <c>jsonl</c>) and the records in it.</summary>
public sealed record ModelUploadResult(string Format, int Records);

namespace AiLogger.Domain.Ingest;

/// <summary>A body or a single event over its size limit (413).</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);

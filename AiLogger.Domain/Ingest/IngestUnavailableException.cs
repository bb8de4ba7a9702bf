namespace AiLogger.Domain.Ingest;

/// <summary>Storage could not commit the batch; nothing of it was stored (503).</summary>
public sealed class IngestUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

namespace AiLogger.Domain.Storage;

/// <summary>The store could not answer a read just now (busy, or the server unreachable); retrying later may succeed (503).</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

namespace AiLogger.Infrastructure.Persistence;

/// <summary>The store cannot be used (no connection string, server unreachable, schema from a newer build): the app stops with this one line.</summary>
public sealed class StorageStartupException(string message, Exception? inner = null) : Exception(message, inner);

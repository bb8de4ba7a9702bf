namespace AiLogger.Domain.Storage;

/// <summary>A restore that was refused before anything changed, with the reason to show.</summary>
public sealed class RestoreException(string message) : Exception(message);

namespace AiLogger.Domain.Storage;

/// <summary>A backup asked of a store AI-Logger does not back up itself (<see cref="IBackupStore.Unavailable"/> says why).</summary>
public sealed class BackupsUnavailableException(string message) : Exception(message);

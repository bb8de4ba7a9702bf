namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>A mounted filesystem and its space.</summary>
public sealed record FilesystemUsage(MountEntry Mount, FilesystemSpace Space);

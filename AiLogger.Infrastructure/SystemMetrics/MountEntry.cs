namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>One line of /proc/mounts, with octal escapes (\040 for a space) decoded; <see cref="Mode"/> is <c>rw</c> or <c>ro</c>.</summary>
public sealed record MountEntry(string Device, string MountPoint, string Type, string Mode);

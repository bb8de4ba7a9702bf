namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>statfs of a mount point (a seam, so tests of the reader need no real mounts).</summary>
public interface IFilesystemSpaceSource
{
    /// <summary>Null when the mount point cannot be queried (gone, no permission).</summary>
    FilesystemSpace? Read(string mountPoint);
}

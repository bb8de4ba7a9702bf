namespace AiLogger.Infrastructure.SystemMetrics;

/// <summary>statfs through <see cref="DriveInfo"/>, which calls it on Linux: total, free and available bytes.</summary>
public sealed class DriveInfoFilesystemSpace : IFilesystemSpaceSource
{
    public FilesystemSpace? Read(string mountPoint)
    {
        try
        {
            var drive = new DriveInfo(mountPoint);
            return new FilesystemSpace(drive.TotalSize, drive.TotalFreeSpace, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

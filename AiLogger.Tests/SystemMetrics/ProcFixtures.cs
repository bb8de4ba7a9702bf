using AiLogger.Infrastructure.SystemMetrics;

namespace AiLogger.Tests.SystemMetrics;

/// <summary>The /proc fixture folders copied beside the test assembly, and a statfs that answers the same for every mount.</summary>
internal static class ProcFixtures
{
    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "SystemMetrics", "Fixtures", name);

    public static ProcReader Reader(string name, int maxFileBytes = ProcReader.DefaultMaxFileBytes) => new(Folder(name), maxFileBytes);

    public sealed class FixedSpace(FilesystemSpace space) : IFilesystemSpaceSource
    {
        public List<string> Asked { get; } = [];

        public FilesystemSpace? Read(string mountPoint)
        {
            Asked.Add(mountPoint);
            return space;
        }
    }
}

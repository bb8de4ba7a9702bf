namespace AiLogger.Tests.Support;

/// <summary>A folder under /tmp for one test's database files, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ailogger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A file in a subfolder, which is created.</summary>
    public string File(string folder, string name)
    {
        Directory.CreateDirectory(System.IO.Path.Combine(Path, folder));
        return System.IO.Path.Combine(Path, folder, name);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process may still hold the file for a moment; the OS cleans /tmp.
        }
    }
}

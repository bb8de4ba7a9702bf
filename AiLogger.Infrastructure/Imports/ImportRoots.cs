using AiLogger.Infrastructure.Persistence;

namespace AiLogger.Infrastructure.Imports;

/// <summary>
/// The folders watched sources may read (<c>AiLogger:Imports:AllowedRoots</c>, by default <c>imports/</c> in the data
/// folder). Paths are compared after resolving <c>..</c> and symbolic links, so neither a path nor a link inside a
/// root can lead a source to <c>/etc</c>.
/// </summary>
public sealed class ImportRoots(ImportOptions options, DataFolder folder)
{
    public IReadOnlyList<string> All { get; } =
        (options.AllowedRoots.Count > 0 ? options.AllowedRoots.Select(folder.Resolve) : [folder.Imports])
        .Select(r => Path.TrimEndingDirectorySeparator(r)).ToList();

    /// <summary>Why a source may not watch <paramref name="path"/>; null when it lies under a root.</summary>
    public string? Refusal(string path)
    {
        if (!Path.IsPathFullyQualified(path)) return $"'{path}' is not an absolute path.";
        return Contains(path) ? null
            : $"'{path}' is outside the folders imports may read ({string.Join(", ", All)}); an admin adds folders with AiLogger:Imports:AllowedRoots.";
    }

    /// <summary>True when the file or folder, links resolved, lies in one of the roots (links resolved too).</summary>
    public bool Contains(string path)
    {
        var real = RealPath(path);
        return All.Select(RealPath).Any(root =>
            real.Equals(root, StringComparison.Ordinal) || real.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    /// <summary>The path with <c>..</c> and every symbolic link along it resolved (as far as it exists).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.LinkTarget is not null) next = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            }
            catch (IOException)
            {
                // A loop of links or an unreadable one: keep the unresolved name, which lies where it says.
            }
            current = Path.GetFullPath(next);
        }
        return Path.TrimEndingDirectorySeparator(current);
    }
}
